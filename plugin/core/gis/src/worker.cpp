// SPDX-License-Identifier: GPL-2.0-or-later
#include "parklayers/gis/worker.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace parklayers {

std::size_t pipeline_workers() {
  return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
}

namespace {

enum class SlotState { Free, Read, Processed };

struct Slot {
  SlotState state = SlotState::Free;
  long long sequence = -1;     // the batch's place in reading order
  std::exception_ptr error;    // what process() threw
};

// The state the pipeline's threads share, under one mutex.
struct PipelineState {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<Slot> slots;
  std::deque<std::size_t> to_process;
  long long end = -1;  // the sequence number at which read() reported the end, or threw
  std::exception_ptr read_error;
  bool stop = false;

  void set_stop() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
    }
    changed.notify_all();
  }
};

// Stops and joins the pipeline's threads however run_ordered_pipeline leaves.
struct Threads {
  PipelineState& state;
  std::vector<std::thread> threads;
  ~Threads() {
    state.set_stop();
    for (std::thread& thread : threads) {
      if (thread.joinable()) thread.join();
    }
  }
};

}  // namespace

void run_ordered_pipeline(std::size_t slot_count, std::size_t workers, const PipelineStages& stages) {
  if (slot_count == 0 || workers == 0) throw std::invalid_argument("a pipeline needs a slot and a worker");
  PipelineState state;
  state.slots.resize(slot_count);

  const auto reader = [&state, &stages, slot_count] {
    for (long long sequence = 0;; ++sequence) {
      const std::size_t s = static_cast<std::size_t>(sequence) % slot_count;
      {
        std::unique_lock<std::mutex> lock(state.mutex);
        state.changed.wait(lock, [&] { return state.stop || state.slots[s].state == SlotState::Free; });
        if (state.stop) return;
      }
      bool more = false;
      std::exception_ptr error;
      try {
        more = stages.read(s);
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(state.mutex);
        if (!more || error) {
          state.end = sequence;
          state.read_error = error;
        } else {
          state.slots[s].state = SlotState::Read;
          state.slots[s].sequence = sequence;
          state.to_process.push_back(s);
        }
      }
      state.changed.notify_all();
      if (!more || error) return;
    }
  };
  const auto worker = [&state, &stages](std::size_t w) {
    for (;;) {
      std::size_t s = 0;
      {
        std::unique_lock<std::mutex> lock(state.mutex);
        state.changed.wait(lock, [&] { return state.stop || !state.to_process.empty() || state.end >= 0; });
        if (state.stop || state.to_process.empty()) return;
        s = state.to_process.front();
        state.to_process.pop_front();
      }
      std::exception_ptr error;
      try {
        stages.process(s, w);
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(state.mutex);
        state.slots[s].state = SlotState::Processed;
        state.slots[s].error = error;
      }
      state.changed.notify_all();
    }
  };

  std::exception_ptr failure;
  {
    Threads threads{state, {}};
    threads.threads.emplace_back(reader);
    for (std::size_t w = 0; w < workers; ++w) threads.threads.emplace_back(worker, w);
    for (long long sequence = 0;; ++sequence) {
      const std::size_t s = static_cast<std::size_t>(sequence) % slot_count;
      {
        std::unique_lock<std::mutex> lock(state.mutex);
        const auto ready = [&] {
          return (state.slots[s].state == SlotState::Processed && state.slots[s].sequence == sequence) ||
                 state.end == sequence;
        };
        state.changed.wait(lock, ready);
        if (state.end == sequence) {
          failure = state.read_error;
          break;
        }
        if (state.slots[s].error) {
          failure = state.slots[s].error;
          break;
        }
      }
      try {
        stages.consume(s);
      } catch (...) {
        failure = std::current_exception();
        break;
      }
      {
        std::lock_guard<std::mutex> lock(state.mutex);
        state.slots[s].state = SlotState::Free;
      }
      state.changed.notify_all();
    }
  }  // every thread stopped and joined here
  if (failure) std::rethrow_exception(failure);
}

namespace {

// The state run_fan_out's threads share, under one mutex.
struct FanOutState {
  std::mutex mutex;
  std::condition_variable changed;
  long long read = 0;                 // batches read so far
  bool ended = false;                 // read() will not be called again
  std::vector<long long> done;        // batches each consumer has taken
  // Batches from this one on are not taken: the first failure in reading order so far.
  long long limit = std::numeric_limits<long long>::max();
  std::size_t failed_consumer = 0;
  std::exception_ptr failure;

  bool failed() const { return limit != std::numeric_limits<long long>::max(); }

  // Records a failure at batch `sequence` (a read failure counts as consumer 0: no consumer can
  // have failed at a batch not read). The batches before it are still taken by every consumer,
  // so that an earlier failure, found later in time, wins. Call under the mutex.
  void fail(long long sequence, std::size_t consumer, std::exception_ptr error) {
    if (!failure || sequence < limit || (sequence == limit && consumer < failed_consumer)) {
      failure = error;
      limit = sequence;
      failed_consumer = consumer;
    }
  }
};

// Stops and joins run_fan_out's consumers however it leaves.
struct Consumers {
  FanOutState& state;
  std::vector<std::thread> threads;
  ~Consumers() {
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      if (!state.ended) state.limit = 0;  // left early: take nothing more
      state.ended = true;
    }
    state.changed.notify_all();
    for (std::thread& thread : threads) {
      if (thread.joinable()) thread.join();
    }
  }
};

}  // namespace

void run_fan_out(std::size_t slot_count, std::size_t consumers, const FanOutStages& stages) {
  if (slot_count == 0 || consumers == 0) throw std::invalid_argument("a fan-out needs a slot and a consumer");
  FanOutState state;
  state.done.assign(consumers, 0);
  const auto consumer = [&state, &stages, slot_count](std::size_t c) {
    for (long long sequence = 0;; ++sequence) {
      bool last = false;
      {
        std::unique_lock<std::mutex> lock(state.mutex);
        state.changed.wait(lock, [&] { return sequence >= state.limit || state.read > sequence || state.ended; });
        if (sequence >= state.limit) return;  // failed
        if (state.read <= sequence) {         // every batch taken
          if (state.failed() || !stages.finish) return;
          last = true;
        }
      }
      try {
        if (last) {
          stages.finish(c);
          return;
        }
        stages.consume(c, static_cast<std::size_t>(sequence) % slot_count);
      } catch (...) {
        {
          std::lock_guard<std::mutex> lock(state.mutex);
          state.fail(sequence, c, std::current_exception());
        }
        state.changed.notify_all();
        return;
      }
      {
        std::lock_guard<std::mutex> lock(state.mutex);
        state.done[c] = sequence + 1;
      }
      state.changed.notify_all();
    }
  };
  {
    Consumers threads{state, {}};
    for (std::size_t c = 0; c < consumers; ++c) threads.threads.emplace_back(consumer, c);
    for (long long sequence = 0;; ++sequence) {
      {
        // The slot is free once every consumer has taken the batch read into it before; after a
        // failure nothing more is read.
        std::unique_lock<std::mutex> lock(state.mutex);
        state.changed.wait(lock, [&] {
          if (state.failed()) return true;
          for (const long long taken : state.done) {
            if (taken < sequence - static_cast<long long>(slot_count) + 1) return false;
          }
          return true;
        });
        if (state.failed()) {
          state.ended = true;
          break;
        }
      }
      bool more = false;
      std::exception_ptr error;
      try {
        more = stages.read(static_cast<std::size_t>(sequence) % slot_count);
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(state.mutex);
        if (error) state.fail(sequence, 0, error);
        if (more && !error) state.read = sequence + 1;
        if (error || !more) state.ended = true;
      }
      state.changed.notify_all();
      if (error || !more) break;
    }
    state.changed.notify_all();
  }  // every consumer has stopped here, having taken every batch before the first failure
  if (state.failure) std::rethrow_exception(state.failure);
}

}  // namespace parklayers
