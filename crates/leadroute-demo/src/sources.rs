//! The sell side: lead sources and their campaigns.
//!
//! Campaigns decide how many buyers a lead may go to (`MaxSell`), which leads are
//! duplicates (`DupDayMax`), how many leads they accept (caps) and which they accept
//! at all (`Rules`). The demo has shared and exclusive-only mortgage campaigns, a
//! capped ping/post campaign whose caps bind at the default size, a campaign of a
//! source on hold and an inactive campaign, so every intake answer occurs.

use leadroute_model::{
    Campaign, CampaignStatus, Channel, Criterion, CriterionType, LeadSource, Operator,
    SourceStatus, Uid,
};
use rust_decimal::Decimal;

use crate::catalog::{field::*, AUTO, MORTGAGE, SOLAR};

/// One campaign of the demo and its share of its lead type's volume.
pub(crate) struct CampaignPlan {
    pub campaign: Campaign,
    /// Relative share of its lead type's leads.
    pub weight: u32,
}

/// The demo's lead sources; the last is on hold.
pub(crate) fn lead_sources() -> Vec<LeadSource> {
    let s = |uid: Uid, name: &str, status| LeadSource {
        lp_vendor_uid: uid,
        name: Some(name.to_string()),
        status,
    };
    vec![
        s(101, "BrightPath Media", SourceStatus::Active),
        s(102, "Orbit Affiliates", SourceStatus::Active),
        s(103, "LeadGenius Network", SourceStatus::Active),
        s(104, "Legacy Leads Co.", SourceStatus::OnHold),
    ]
}

fn rule(uid: Uid, field: Uid, op: Operator, value: &str) -> Criterion {
    Criterion {
        criterion_uid: uid,
        lead_field_uid: field,
        criterion_type: CriterionType::FieldValue,
        expression: None,
        operator: Some(op),
        value: value.to_string(),
        delete: false,
    }
}

/// The campaigns, with caps scaled to the lead volume so that the ping/post and
/// social campaigns' caps bind at peak hours whatever the size: `per_day` is the
/// expected number of leads per day over all lead types.
pub(crate) fn campaigns(per_day: u64) -> Vec<CampaignPlan> {
    // Expected daily leads of a campaign with this share of all leads.
    let daily = |share_permille: u64| (per_day * share_permille / 1000).max(1);
    #[allow(clippy::too_many_arguments)]
    fn c(
        vendor: Uid,
        uid: Uid,
        name: &str,
        lead_type: Uid,
        channel: Channel,
        max_sell: Option<i64>,
        dup_days: Option<i64>,
        price: i64,
    ) -> Campaign {
        Campaign {
            vendor_uid: vendor,
            vendor_account_uid: uid,
            channel: Some(channel),
            account_name: Some(name.to_string()),
            lead_type_uid: lead_type,
            status: CampaignStatus::Active,
            month_max: None,
            day_max: None,
            hour_max: None,
            lead_price: Some(Decimal::new(price, 2)),
            max_sell,
            dup_day_max: dup_days,
            append_city_state_from_postal_code: false,
            rules: Vec::new(),
        }
    }
    let mut shared = c(
        101,
        2001,
        "Mortgage Web - Shared",
        MORTGAGE,
        Channel::Web,
        Some(4),
        Some(30),
        1200,
    );
    shared.append_city_state_from_postal_code = true;
    let exclusive = c(
        102,
        2002,
        "Mortgage Exclusive",
        MORTGAGE,
        Channel::Web,
        Some(1),
        Some(30),
        3500,
    );
    let mut refi = c(
        103,
        2003,
        "Mortgage Refi Ping/Post",
        MORTGAGE,
        Channel::PingPost,
        Some(3),
        Some(15),
        1800,
    );
    // 25% of mortgage (45%) is ~11% of all leads; a day cap at 80% of that binds on
    // busy days, an hour cap at 10% of the day binds at the midday peak.
    let refi_daily = daily(112);
    refi.day_max = Some((refi_daily * 8 / 10).max(1) as i64);
    refi.hour_max = Some((refi_daily / 10).max(1) as i64);
    refi.month_max = Some((refi_daily * 25) as i64);
    refi.rules = vec![
        rule(900_001, M_CREDIT_SCORE, Operator::GreaterOrEqual, "500"),
        rule(900_002, M_STATE, Operator::NotIn, "PR|GU|VI"),
    ];
    let homeowners = c(
        101,
        2004,
        "Solar Homeowners",
        SOLAR,
        Channel::Web,
        Some(2),
        Some(14),
        900,
    );
    let mut social = c(
        102,
        2005,
        "Solar Social",
        SOLAR,
        Channel::Web,
        Some(3),
        Some(14),
        600,
    );
    let social_daily = daily(120);
    social.day_max = Some((social_daily * 9 / 10).max(1) as i64);
    social.hour_max = Some((social_daily / 12).max(1) as i64);
    social.rules = vec![rule(900_003, S_HOME_OWNER, Operator::Equal, "true")];
    let quotes = c(
        103,
        2006,
        "Auto Quotes",
        AUTO,
        Channel::Web,
        Some(4),
        Some(7),
        400,
    );
    let legacy = c(
        104,
        2007,
        "Auto Legacy Feed",
        AUTO,
        Channel::Web,
        None,
        None,
        200,
    );
    let mut promo = c(
        101,
        2008,
        "Auto Spring Promo",
        AUTO,
        Channel::Web,
        Some(0),
        Some(7),
        300,
    );
    promo.status = CampaignStatus::Inactive;
    vec![
        CampaignPlan {
            campaign: shared,
            weight: 55,
        },
        CampaignPlan {
            campaign: exclusive,
            weight: 20,
        },
        CampaignPlan {
            campaign: refi,
            weight: 25,
        },
        CampaignPlan {
            campaign: homeowners,
            weight: 60,
        },
        CampaignPlan {
            campaign: social,
            weight: 40,
        },
        CampaignPlan {
            campaign: quotes,
            weight: 92,
        },
        CampaignPlan {
            campaign: legacy,
            weight: 5,
        },
        CampaignPlan {
            campaign: promo,
            weight: 3,
        },
    ]
}
