//! The client's time zone as the criteria use it: the time crate's [`Zone`] (IANA,
//! Windows or fixed offset) with its wall clock (`to_local`, `local_date`) and its
//! boundary rule (`boundary`: the first instant the wall clock reads a time or later).

pub use leadroute_time::Zone;
