DROP TABLE cluster_referrals;
DROP TABLE plan_reviews;
DROP TABLE plan_versions;
DROP TABLE plans;
DROP TABLE concerns;
DROP TABLE case_events;
DROP TABLE cases;
