// SPDX-License-Identifier: GPL-2.0-or-later
// Threads for streaming work on a small machine (the one this targets has two cores).
//
// run_ordered_pipeline: batches read in order on a reader thread, processed on several worker
// threads in any order, and consumed on the calling thread in reading order, with a fixed
// number of batch slots, so that memory does not grow with the input.
//
// run_fan_out: batches read in order on the calling thread, each taken by every consumer (one
// thread each), again with a fixed number of slots.
#pragma once

#include <cstddef>
#include <functional>

namespace parklayers {

struct PipelineStages {
  // Fills slot `slot` with the next batch; false at the end of the input. Runs on one reader
  // thread, batch after batch, in order.
  std::function<bool(std::size_t slot)> read;
  // Processes a batch; `worker` (0 to workers - 1) names the thread it runs on, for per-thread
  // state (PROJ and GEOS objects belong to one thread). Batches may be processed out of order.
  std::function<void(std::size_t slot, std::size_t worker)> process;
  // Takes a processed batch, on the calling thread, in reading order; the slot is then free.
  std::function<void(std::size_t slot)> consume;
};

// Runs the three stages until read() reports the end, with `slots` batches in flight at most
// (at least workers + 2 makes every stage busy). The first exception in reading order (from
// read, process or consume) stops the pipeline and is rethrown here once every thread has
// stopped; later batches are then not consumed.
void run_ordered_pipeline(std::size_t slots, std::size_t workers, const PipelineStages& stages);

struct FanOutStages {
  // Fills slot `slot` with the next batch; false at the end of the input. Runs on the calling
  // thread, batch after batch, in order.
  std::function<bool(std::size_t slot)> read;
  // Consumer `consumer` takes a batch, on a thread of its own; each consumer takes every
  // batch, in reading order, and only reads it (the consumers share it).
  std::function<void(std::size_t consumer, std::size_t slot)> consume;
  // Optional: consumer `consumer` is done, having taken every batch; runs on its thread right
  // after its last batch (so it overlaps the slower consumers' work), and not at all once
  // anything has failed. An exception from it counts as a failure after every batch.
  std::function<void(std::size_t consumer)> finish;
};

// Runs `consumers` consumers side by side over the batches read, with `slots` batches in flight
// at most: a slot is read into again once every consumer is done with it, so a fast consumer
// runs up to `slots` batches ahead of a slow one. The first exception in reading order (from
// read or any consumer; at the same batch, the lowest consumer's) is rethrown here once every
// thread has stopped; every consumer has then taken every batch before it.
void run_fan_out(std::size_t slots, std::size_t consumers, const FanOutStages& stages);

// The worker threads worth running next to a reading and a writing thread: one per core, at
// least 1 and at most 4.
std::size_t pipeline_workers();

}  // namespace parklayers
