-- A school or a service goes back as the name of the provider (in one
-- statement each, so the row fits the check of its shape throughout).
UPDATE interventions SET provider_kind = 'external', provider_school_id = NULL,
        provider_name = (SELECT s.name FROM schools s
            WHERE s.local_authority_id = interventions.local_authority_id AND s.id = interventions.provider_school_id)
    WHERE provider_kind = 'school';
UPDATE interventions SET provider_kind = 'external', provider_service_id = NULL,
        provider_name = (SELECT s.name FROM services s
            WHERE s.local_authority_id = interventions.local_authority_id AND s.id = interventions.provider_service_id)
    WHERE provider_kind = 'service';
DROP INDEX interventions_provider_school;
ALTER TABLE interventions
    DROP COLUMN provider_service_id,
    DROP COLUMN provider_school_id,
    DROP COLUMN provider_kind;
