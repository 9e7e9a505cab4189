DROP TABLE allocation_settlements;
DROP TABLE funding_proposals;
