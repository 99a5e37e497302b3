//! `/api/matters/*`: a person's matters and answering requests to supplement. Drafts are
//! tested under `terminal::draft`, where they matter most.

mod supplements;
