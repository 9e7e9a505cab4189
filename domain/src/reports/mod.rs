//! The figures a cluster and a council run the service by (issue 14,
//! points 4 and 5): how many children at each stage, how long each step
//! of the pathway takes, how well plans and interventions worked, and who
//! is waiting. Computed here, from the dates the persistence layer loads,
//! so both databases give the same answer; and made safe to share
//! (`disclosure`) before anything leaves the service.

pub mod disclosure;
pub mod percentile;
pub mod period;
pub mod service;
