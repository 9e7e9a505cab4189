#!/usr/bin/env python3
"""The breaking-change check finds what breaks a client and nothing else."""

import copy
import unittest

from breaking_changes import Checker, listed

BASE = {
    "info": {"version": "0.1.0"},
    "paths": {
        "/v1/cases/{id}": {
            "get": {
                "parameters": [{"in": "path", "name": "id", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}},
            },
            "patch": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/CaseChanges"}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}}},
            },
        }
    },
    "components": {
        "schemas": {
            "Stage": {"type": "string", "enum": ["concern", "in_school_plan"]},
            "Case": {
                "type": "object",
                "required": ["id", "stage"],
                "properties": {"id": {"type": "string"}, "stage": {"$ref": "#/components/schemas/Stage"}, "note": {"type": "string"}},
            },
            "CaseChanges": {
                "type": "object",
                "properties": {"stage": {"$ref": "#/components/schemas/Stage"}, "note": {"type": "string", "maxLength": 100}},
            },
        }
    },
}


def found(change):
    new = copy.deepcopy(BASE)
    change(new)
    return [what for _, what in Checker(BASE, new).run()]


class Breaking(unittest.TestCase):
    def test_the_same_contract_breaks_nothing(self):
        self.assertEqual(found(lambda d: None), [])

    def test_a_removed_operation_breaks(self):
        self.assertEqual(found(lambda d: d["paths"]["/v1/cases/{id}"].pop("patch")), ["operation removed"])

    def test_a_field_an_answer_loses_breaks(self):
        self.assertIn("200.note: removed", found(lambda d: d["components"]["schemas"]["Case"]["properties"].pop("note")))

    def test_an_answer_enum_gaining_a_value_breaks_only_while_closed(self):
        def add(d):
            d["components"]["schemas"]["Stage"]["enum"].append("closed")
        self.assertTrue(any("may answer ['closed']" in w for w in found(add)))

        def add_open(d):
            add(d)
            d["components"]["schemas"]["Case"]["properties"]["stage"] = {
                "anyOf": [{"$ref": "#/components/schemas/Stage"}, {"type": "string"}]}
        old = copy.deepcopy(BASE)
        old["components"]["schemas"]["Case"]["properties"]["stage"] = {
            "anyOf": [{"$ref": "#/components/schemas/Stage"}, {"type": "string"}]}
        new = copy.deepcopy(old)
        new["components"]["schemas"]["Stage"]["enum"].append("closed")
        answers = [w for _, w in Checker(old, new).run() if w.startswith("200")]
        self.assertEqual(answers, [])

    def test_a_request_narrowed_breaks_and_widened_does_not(self):
        def narrower(d):
            d["components"]["schemas"]["CaseChanges"]["properties"]["note"]["maxLength"] = 50
        self.assertIn("body.note: maxLength 100 became 50", found(narrower))

        def wider(d):
            d["components"]["schemas"]["CaseChanges"]["properties"]["note"]["maxLength"] = 200
        self.assertEqual(found(wider), [])

    def test_a_newly_required_field_breaks(self):
        self.assertIn("body.note: newly required", found(lambda d: d["components"]["schemas"]["CaseChanges"].update(required=["note"])))

    def test_only_the_first_sections_breaking_lines_list(self):
        text = ("# Changelog\n\n## 0.2.0\n\n- **Breaking**: `POST /v1/x` and\n  `Decision`.\n- Added `GET /v1/y`,\n  `GET /v1/z`.\n"
                "\n## 0.1.0\n\n- **Breaking**: `GET /v1/old`\n")
        self.assertEqual(listed(text), {"POST /v1/x", "Decision"})


if __name__ == "__main__":
    unittest.main()
