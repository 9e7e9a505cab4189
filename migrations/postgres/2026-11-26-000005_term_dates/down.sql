DROP TABLE half_terms;
