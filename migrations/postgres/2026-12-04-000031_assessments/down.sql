DROP TABLE assessment_versions;
DROP TABLE assessments;
