//! Writing a market as the files the `leadroute` commands read: the snapshot as one
//! JSON object (SPEC.md 11.1) and the leads as JSON Lines.
//!
//! The snapshot puts one record per line inside each array, in a fixed key order
//! (`Settings`, `LeadTypes`, `Clients`, `DeliveryAccounts`, `Orders`,
//! `DistributionLists`, `LeadSources`, `Campaigns`, `Sends`, `Leads`), so files are
//! byte-identical for a seed, readable with `grep`, and diff well.

use std::io::Write;

use serde::Serialize;

use crate::{Error, Market};

fn array<W: Write, T: Serialize>(
    w: &mut W,
    key: &str,
    items: &[T],
    last: bool,
) -> Result<(), Error> {
    write!(w, "\"{key}\": [")?;
    for (i, item) in items.iter().enumerate() {
        w.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *w, item).map_err(std::io::Error::from)?;
    }
    if !items.is_empty() {
        w.write_all(b"\n")?;
    }
    w.write_all(if last { b"]\n" } else { b"],\n" })?;
    Ok(())
}

impl Market {
    /// Writes the snapshot document (SPEC.md 11.1) to `w`.
    ///
    /// # Errors
    /// [`Error::Write`] when `w` fails.
    pub fn write_snapshot<W: Write>(&self, mut w: W) -> Result<(), Error> {
        w.write_all(b"{\n\"Settings\": ")?;
        serde_json::to_writer(&mut w, &self.settings).map_err(std::io::Error::from)?;
        w.write_all(b",\n")?;
        array(&mut w, "LeadTypes", &self.lead_types, false)?;
        array(&mut w, "Clients", &self.clients, false)?;
        array(&mut w, "DeliveryAccounts", &self.delivery_accounts, false)?;
        array(&mut w, "Orders", &self.orders, false)?;
        array(&mut w, "DistributionLists", &self.distribution_lists, false)?;
        array(&mut w, "LeadSources", &self.lead_sources, false)?;
        array(&mut w, "Campaigns", &self.campaigns, false)?;
        array(&mut w, "Sends", &self.sends, false)?;
        array(&mut w, "Leads", &self.prior_leads, true)?;
        w.write_all(b"}\n")?;
        w.flush()?;
        Ok(())
    }

    /// Writes the lead stream to `w` as JSON Lines, one lead per line.
    ///
    /// # Errors
    /// [`Error::Write`] when `w` fails.
    pub fn write_leads<W: Write>(&self, mut w: W) -> Result<(), Error> {
        for lead in &self.leads {
            serde_json::to_writer(&mut w, lead).map_err(std::io::Error::from)?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
        Ok(())
    }

    /// The snapshot document as a string (see [`Market::write_snapshot`]).
    pub fn to_snapshot_json(&self) -> String {
        let mut out = Vec::new();
        // ok: writing to a Vec cannot fail and serde_json writes UTF-8
        let _ = self.write_snapshot(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// The lead stream as JSON Lines (see [`Market::write_leads`]).
    pub fn to_leads_jsonl(&self) -> String {
        let mut out = Vec::new();
        // ok: writing to a Vec cannot fail and serde_json writes UTF-8
        let _ = self.write_leads(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}
