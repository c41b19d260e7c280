//! Archive: issued decisions on disk, their register and their metadata.

pub mod mdto;
