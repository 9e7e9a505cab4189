DROP TABLE override_reviews;
DROP TABLE safeguarding_overrides;
