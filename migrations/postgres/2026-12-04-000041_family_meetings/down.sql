DROP TABLE family_meetings;
