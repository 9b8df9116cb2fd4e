//! Throttling failed logins (SPEC §2): growing delays after a few failures
//! per pid, a much higher limit per client address. Delays are minutes, never
//! days, so an attacker cannot lock a citizen out for long.

/// A failure counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Counter {
    pub failures: i32,
    pub window_start: i64,
    pub blocked_until: i64,
}

pub struct Limits {
    /// Failures after which delays start.
    pub free: i32,
    /// The first delay, doubled with every further failure.
    pub base_delay: i64,
    pub max_delay: i64,
    /// A quiet period of this length forgets the failures.
    pub window: i64,
}

pub const PER_PID: Limits = Limits {
    free: 5,
    base_delay: 30,
    max_delay: 15 * 60,
    window: 60 * 60,
};
pub const PER_ADDRESS: Limits = Limits {
    free: 100,
    base_delay: 30,
    max_delay: 15 * 60,
    window: 15 * 60,
};

/// The counter key of a client address. An IPv6 host usually holds a whole
/// /64, so that is what counts as one address.
pub fn address_key(address: std::net::IpAddr) -> String {
    match address {
        std::net::IpAddr::V4(v4) => format!("ip:{v4}"),
        std::net::IpAddr::V6(v6) => {
            let network = std::net::Ipv6Addr::from(u128::from(v6) & !(u128::from(u64::MAX)));
            format!("ip:{network}/64")
        }
    }
}

/// After this long without a failure, every counter has forgotten its failures.
pub const FORGOTTEN_AFTER: i64 = if PER_PID.window > PER_ADDRESS.window {
    PER_PID.window
} else {
    PER_ADDRESS.window
};

impl Limits {
    /// The counter after one more failure at `now`.
    pub fn fail(&self, counter: Option<Counter>, now: i64) -> Counter {
        let mut counter = counter
            .filter(|c| now - c.window_start < self.window)
            .unwrap_or(Counter {
                failures: 0,
                window_start: now,
                blocked_until: 0,
            });
        counter.failures += 1;
        counter.window_start = now;
        if let Some(delay) = self.delay(counter.failures) {
            counter.blocked_until = now + delay;
        }
        counter
    }

    /// The wait that `failures` failures in a row earn, if any.
    pub fn delay(&self, failures: i32) -> Option<i64> {
        let doublings = u32::try_from(failures - self.free).ok()?.min(20);
        Some(self.base_delay.saturating_mul(1 << doublings).min(self.max_delay))
    }

    /// Seconds left to wait, if any.
    pub fn wait(&self, counter: Option<Counter>, now: i64) -> Option<i64> {
        counter.map(|c| c.blocked_until - now).filter(|secs| *secs > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_are_free_then_delays_double_up_to_a_cap() {
        let mut counter = None;
        for _ in 0..4 {
            counter = Some(PER_PID.fail(counter, 1000));
            assert_eq!(PER_PID.wait(counter, 1000), None);
        }
        counter = Some(PER_PID.fail(counter, 1000));
        assert_eq!(PER_PID.wait(counter, 1000), Some(30), "the sixth attempt waits");
        counter = Some(PER_PID.fail(counter, 1000));
        assert_eq!(PER_PID.wait(counter, 1000), Some(60));
        for _ in 0..30 {
            counter = Some(PER_PID.fail(counter, 1000));
        }
        assert_eq!(PER_PID.wait(counter, 1000), Some(15 * 60), "minutes, not days");
        assert_eq!(PER_PID.wait(counter, 1000 + 15 * 60), None);
    }

    #[test]
    fn an_ipv6_host_counts_as_its_64() {
        let key = |a: &str| address_key(a.parse().unwrap());
        assert_eq!(key("192.0.2.7"), "ip:192.0.2.7");
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:bbbb::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "ip:2001:db8:1:2::/64");
    }

    #[test]
    fn a_quiet_hour_forgets_the_failures() {
        let mut counter = None;
        for _ in 0..7 {
            counter = Some(PER_PID.fail(counter, 1000));
        }
        let later = PER_PID.fail(counter, 1000 + 3600);
        assert_eq!(later.failures, 1);
    }
}
