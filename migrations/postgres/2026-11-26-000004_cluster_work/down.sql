DROP TABLE camhs_referrals;
DROP TABLE signposts;
DROP TABLE intervention_reviews;
DROP TABLE interventions;
DROP TABLE cluster_decisions;
DROP TABLE agenda_items;
DROP TABLE meetings;
