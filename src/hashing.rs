//! The password checks' own threads: a fixed pool of about one thread per
//! core, each keeping its Argon2 memory from one check to the next. A login
//! first takes a slot; when none frees up within a short wait it is turned
//! away (429), so a burst of logins costs a fixed amount of memory and
//! threads, never one hash's worth per request.

use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::crypto::Argon2Memory;

type Job = Box<dyn FnOnce(&mut Argon2Memory) + Send>;

pub struct HashPool {
    slots: Arc<Semaphore>,
    jobs: SyncSender<Job>,
    wait: Duration,
}

/// No slot freed up within the wait.
#[derive(Debug, thiserror::Error)]
#[error("every password-checking thread is taken")]
pub struct Busy;

/// A slot: one of the pool's threads is free for this request's check.
pub struct Slot<'a> {
    pool: &'a HashPool,
    _permit: OwnedSemaphorePermit,
}

impl HashPool {
    /// `threads` hashing threads; a request waits at most `wait` for one.
    pub fn new(threads: usize, wait: Duration) -> HashPool {
        let threads = threads.max(1);
        let (jobs, queue) = sync_channel::<Job>(threads);
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..threads {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("porten-hash-{n}"))
                .spawn(move || work(&queue));
            if let Err(error) = spawned {
                tracing::error!(%error, "a hashing thread did not start");
            }
        }
        HashPool {
            slots: Arc::new(Semaphore::new(threads)),
            jobs,
            wait,
        }
    }

    /// One thread per core.
    pub fn per_core(wait: Duration) -> HashPool {
        HashPool::new(std::thread::available_parallelism().map_or(1, usize::from), wait)
    }

    /// Waits for a free thread, at most the pool's wait.
    pub async fn slot(&self) -> Result<Slot<'_>, Busy> {
        match tokio::time::timeout(self.wait, self.slots.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(Slot {
                pool: self,
                _permit: permit,
            }),
            _ => Err(Busy),
        }
    }
}

impl Slot<'_> {
    /// Runs `check` on the pool's free thread; `Busy` only if that thread died.
    pub async fn run<T: Send + 'static>(
        &self,
        check: impl FnOnce(&mut Argon2Memory) -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let (done, answer) = oneshot::channel();
        let job: Job = Box::new(move |memory| {
            let _ = done.send(check(memory));
        });
        // A slot is held per queued job and there are as many slots as the
        // queue holds, so the queue is never full here.
        match self.pool.jobs.try_send(job) {
            Ok(()) => answer.await.map_err(|_| Busy),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => Err(Busy),
        }
    }
}

/// A thread idle this long gives its Argon2 memory back.
const IDLE: Duration = Duration::from_secs(5);

fn work(queue: &Mutex<Receiver<Job>>) {
    let mut memory = Argon2Memory::default();
    loop {
        let job = match queue.lock() {
            Ok(queue) => queue.recv_timeout(IDLE),
            Err(_) => return,
        };
        match job {
            Ok(job) => job(&mut memory),
            Err(RecvTimeoutError::Timeout) => memory = Argon2Memory::default(),
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_that_finds_no_free_thread_is_turned_away() {
        let pool = HashPool::new(1, Duration::from_millis(50));
        let held = pool.slot().await.expect("the only slot");
        assert!(pool.slot().await.is_err(), "the second waits, then gives up");
        assert_eq!(held.run(|_| 7).await.expect("the check runs"), 7);
        drop(held);
        assert!(pool.slot().await.is_ok(), "a freed slot is taken again");
    }
}
