// SPDX-License-Identifier: GPL-2.0-or-later
// worker: the ordered pipeline `parklayers area` streams with, and the fan-out of `convert`.
#include "parklayers/gis/worker.h"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace parklayers {
namespace {

// A pipeline over `batches` batches of the numbers 0, 1, 2, ...: each batch holds one number
// read in order, processed (squared) on any worker, and consumed in order.
struct Numbers {
  explicit Numbers(size_t slots) : read(slots, -1), squared(slots, -1) {}
  std::vector<long long> read, squared;
  std::vector<long long> consumed;
  long long next = 0;
};

TEST(OrderedPipeline, ConsumesEveryBatchInReadingOrder) {
  for (const size_t workers : {1u, 2u, 4u}) {
    for (const size_t slots : {1u, 2u, 7u}) {
      Numbers numbers(slots);
      std::vector<std::atomic<int>> used(workers);
      PipelineStages stages;
      stages.read = [&](size_t slot) {
        if (numbers.next == 1000) return false;
        numbers.read[slot] = numbers.next++;
        return true;
      };
      stages.process = [&](size_t slot, size_t worker) {
        ++used[worker];
        // Uneven work, so that batches finish out of order.
        if (numbers.read[slot] % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
        numbers.squared[slot] = numbers.read[slot] * numbers.read[slot];
      };
      stages.consume = [&](size_t slot) { numbers.consumed.push_back(numbers.squared[slot]); };
      run_ordered_pipeline(slots, workers, stages);
      ASSERT_EQ(numbers.consumed.size(), 1000u) << workers << " workers, " << slots << " slots";
      for (long long i = 0; i < 1000; ++i) ASSERT_EQ(numbers.consumed[static_cast<size_t>(i)], i * i);
    }
  }
}

TEST(OrderedPipeline, AnEmptyInputConsumesNothing) {
  PipelineStages stages;
  int consumed = 0;
  stages.read = [](size_t) { return false; };
  stages.process = [](size_t, size_t) {};
  stages.consume = [&](size_t) { ++consumed; };
  run_ordered_pipeline(3, 2, stages);
  EXPECT_EQ(consumed, 0);
}

// The error reported is the first in reading order, whichever stage threw it and whenever;
// the batches before it are all consumed, none after it.
TEST(OrderedPipeline, TheFirstErrorInReadingOrderStopsIt) {
  for (const std::string stage : {"read", "process", "consume"}) {
    Numbers numbers(5);
    PipelineStages stages;
    stages.read = [&](size_t slot) {
      if (stage == "read" && numbers.next == 300) throw std::runtime_error("read 300");
      numbers.read[slot] = numbers.next++;
      return true;  // endless: only the error ends it
    };
    stages.process = [&](size_t slot, size_t) {
      const long long n = numbers.read[slot];
      if (stage == "process" && (n == 300 || n == 302)) {
        // 302 usually fails first in time; 300 is first in reading order.
        if (n == 300) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        throw std::runtime_error("process " + std::to_string(n));
      }
      numbers.squared[slot] = n;
    };
    stages.consume = [&](size_t slot) {
      if (stage == "consume" && numbers.squared[slot] == 300) throw std::runtime_error("consume 300");
      numbers.consumed.push_back(numbers.squared[slot]);
    };
    try {
      run_ordered_pipeline(5, 2, stages);
      ADD_FAILURE() << stage << ": no error";
    } catch (const std::runtime_error& error) {
      EXPECT_EQ(std::string(error.what()), stage + " 300");
    }
    ASSERT_EQ(numbers.consumed.size(), 300u) << stage;
    EXPECT_EQ(numbers.consumed.back(), 299);
  }
}

// Every consumer takes every batch, in order, and never sees a slot read into again before it
// is done with it (the batch it finds is the one it expects), whatever their speeds.
TEST(FanOut, EveryConsumerTakesEveryBatchInOrder) {
  for (const size_t consumers : {1u, 3u}) {
    for (const size_t slots : {1u, 2u, 8u}) {
      std::vector<long long> batch(slots, -1);
      long long next = 0;
      std::vector<std::vector<long long>> taken(consumers);
      FanOutStages stages;
      stages.read = [&](size_t slot) {
        if (next == 2000) return false;
        batch[slot] = next++;
        return true;
      };
      stages.consume = [&](size_t consumer, size_t slot) {
        // Consumer 0 is slow now and then, so the others run ahead of it.
        if (consumer == 0 && batch[slot] % 50 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
        taken[consumer].push_back(batch[slot]);
      };
      run_fan_out(slots, consumers, stages);
      for (size_t c = 0; c < consumers; ++c) {
        ASSERT_EQ(taken[c].size(), 2000u) << consumers << " consumers, " << slots << " slots";
        for (long long i = 0; i < 2000; ++i) ASSERT_EQ(taken[c][static_cast<size_t>(i)], i) << "consumer " << c;
      }
    }
  }
}

TEST(FanOut, TheFirstErrorInReadingOrderStopsIt) {
  for (const std::string stage : {"read", "consume"}) {
    std::vector<long long> batch(4, -1);
    long long next = 0;
    std::atomic<long long> last_taken{-1};
    FanOutStages stages;
    stages.read = [&](size_t slot) {
      if (stage == "read" && next == 100) throw std::runtime_error("read 100");
      batch[slot] = next++;
      return true;  // endless: only the error ends it
    };
    stages.consume = [&](size_t consumer, size_t slot) {
      const long long n = batch[slot];
      // Consumer 1 fails at 100; consumer 0 fails later in reading order but sooner in time.
      if (stage == "consume" && consumer == 0 && n == 102) throw std::runtime_error("consume 102");
      if (stage == "consume" && consumer == 1 && n == 100) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        throw std::runtime_error("consume 100");
      }
      if (consumer == 1) last_taken = n;
    };
    try {
      run_fan_out(4, 2, stages);
      ADD_FAILURE() << stage << ": no error";
    } catch (const std::runtime_error& error) {
      EXPECT_EQ(std::string(error.what()), stage + " 100");
    }
    EXPECT_EQ(last_taken.load(), 99) << stage;
  }
}

TEST(FanOut, EachConsumerFinishesOnItsOwnThreadAfterItsLastBatch) {
  // Consumer 1 is slow; consumer 0 finishes while consumer 1 still has batches to take.
  std::vector<long long> batch(8, -1);
  long long next = 0;
  std::vector<long long> taken_at_finish(2, -1);
  std::vector<std::thread::id> consume_thread(2), finish_thread(2);
  std::atomic<long long> slow_taken{0};
  std::atomic<long long> slow_taken_when_fast_finished{-1};
  FanOutStages stages;
  stages.read = [&](size_t slot) {
    if (next == 200) return false;
    batch[slot] = next++;
    return true;
  };
  std::vector<long long> taken(2, 0);
  stages.consume = [&](size_t consumer, size_t) {
    if (consumer == 1) std::this_thread::sleep_for(std::chrono::microseconds(200));
    consume_thread[consumer] = std::this_thread::get_id();
    ++taken[consumer];
    if (consumer == 1) ++slow_taken;
  };
  stages.finish = [&](size_t consumer) {
    finish_thread[consumer] = std::this_thread::get_id();
    taken_at_finish[consumer] = taken[consumer];
    if (consumer == 0) slow_taken_when_fast_finished = slow_taken.load();
  };
  run_fan_out(8, 2, stages);
  for (size_t c = 0; c < 2; ++c) {
    EXPECT_EQ(taken_at_finish[c], 200) << "consumer " << c;
    EXPECT_EQ(finish_thread[c], consume_thread[c]) << "consumer " << c;
    EXPECT_NE(finish_thread[c], std::this_thread::get_id()) << "consumer " << c;
  }
  // With 8 slots the fast consumer is at most 8 batches ahead when it finishes.
  EXPECT_GE(slow_taken_when_fast_finished.load(), 192);
  EXPECT_LT(slow_taken_when_fast_finished.load(), 200);
}

TEST(FanOut, NoConsumerFinishesAfterAFailureAndAFinishCanFail) {
  for (const std::string stage : {"consume", "finish"}) {
    std::vector<long long> batch(4, -1);
    long long next = 0;
    std::atomic<int> finished{0};
    FanOutStages stages;
    stages.read = [&](size_t slot) {
      if (next == 50) return false;
      batch[slot] = next++;
      return true;
    };
    stages.consume = [&](size_t consumer, size_t slot) {
      if (stage == "consume" && consumer == 1 && batch[slot] == 49) throw std::runtime_error("consume 49");
    };
    stages.finish = [&](size_t consumer) {
      ++finished;
      if (stage == "finish" && consumer == 0) throw std::runtime_error("finish 0");
    };
    try {
      run_fan_out(4, 2, stages);
      ADD_FAILURE() << stage << ": no error";
    } catch (const std::runtime_error& error) {
      EXPECT_EQ(std::string(error.what()), stage == "consume" ? "consume 49" : "finish 0");
    }
    if (stage == "finish") {
      // Consumer 1 finishes too unless consumer 0 failed before it took its last batch.
      EXPECT_GE(finished.load(), 1);
      EXPECT_LE(finished.load(), 2);
    } else {
      EXPECT_LE(finished.load(), 1);  // consumer 0 may have finished before consumer 1 failed
    }
  }
}

TEST(OrderedPipeline, RefusesNoSlotsOrNoWorkers) {
  PipelineStages stages;
  EXPECT_THROW(run_ordered_pipeline(0, 1, stages), std::invalid_argument);
  EXPECT_THROW(run_ordered_pipeline(1, 0, stages), std::invalid_argument);
  EXPECT_THROW(run_fan_out(0, 1, FanOutStages{}), std::invalid_argument);
  EXPECT_THROW(run_fan_out(1, 0, FanOutStages{}), std::invalid_argument);
  EXPECT_GE(pipeline_workers(), 1u);
  EXPECT_LE(pipeline_workers(), 4u);
}

}  // namespace
}  // namespace parklayers
