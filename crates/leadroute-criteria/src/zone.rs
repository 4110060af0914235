//! The client's time zone, as the criteria see it: leadroute-time's [`Zone`] (the wall
//! clock at an instant, and the boundary rule: the first instant the wall clock reads a
//! given time or later).

pub use leadroute_time::Zone;
