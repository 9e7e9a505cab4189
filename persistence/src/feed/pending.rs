//! Changes a write transaction has queued for the feed (`Uow::queue`),
//! appended by `tx::write` just before it commits (see the feed module for
//! why last).

use super::NewChange;
use std::collections::{BTreeMap, HashMap};

/// A queued change and the LA it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Queued {
    la: String,
    change: NewChange,
}

impl Queued {
    pub(crate) fn new(la: &str, resource_type: &str, resource_id: &str, change: &str) -> Queued {
        Queued {
            la: la.to_owned(),
            change: NewChange {
                resource_type: resource_type.to_owned(),
                resource_id: resource_id.to_owned(),
                change: change.to_owned(),
            },
        }
    }
}

/// What a change is called when a record is made; it outranks any other
/// change to the same record in the same transaction.
const CREATED: &str = "created";

/// The changes per LA, in LA order (so that two transactions lock counter
/// rows in the same order), each record once, where it was first queued:
/// `created` when the transaction made it, else the first change queued.
/// A reader fetches the record as it is now, so more would say nothing.
pub(crate) fn coalesce(queued: Vec<Queued>) -> BTreeMap<String, Vec<NewChange>> {
    let mut per_la: BTreeMap<String, Vec<NewChange>> = BTreeMap::new();
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    for Queued { la, change } in queued {
        let key = (
            la.clone(),
            change.resource_type.clone(),
            change.resource_id.clone(),
        );
        let changes = per_la.entry(la).or_default();
        match seen.get(&key) {
            Some(&at) => {
                if change.change == CREATED {
                    changes[at].change = change.change;
                }
            }
            None => {
                seen.insert(key, changes.len());
                changes.push(change);
            }
        }
    }
    per_la
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(la: &str, resource_type: &str, id: &str, change: &str) -> Queued {
        Queued::new(la, resource_type, id, change)
    }

    fn flat(queued: Vec<Queued>) -> Vec<(String, String, String)> {
        coalesce(queued)
            .into_iter()
            .flat_map(|(la, cs)| {
                cs.into_iter()
                    .map(move |c| (la.clone(), c.resource_id, c.change))
            })
            .collect()
    }

    #[test]
    fn each_record_once_created_first_per_la_in_order() {
        let got = flat(vec![
            q("382", "school", "b", "updated"),
            q("383", "school", "z", "created"),
            q("382", "child", "a", "created"),
            q("382", "school", "b", "updated"),
            q("382", "child", "a", "updated"),
            q("382", "case", "c", "updated"),
            q("382", "case", "c", "created"),
        ]);
        let row = |la: &str, id: &str, change: &str| (la.into(), id.into(), change.into());
        assert_eq!(
            got,
            [
                row("382", "b", "updated"),
                row("382", "a", "created"),
                row("382", "c", "created"),
                row("383", "z", "created"),
            ]
        );
    }
}
