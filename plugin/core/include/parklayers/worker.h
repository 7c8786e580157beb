// A background thread that runs one job at a time, so that the main thread can read and write
// while the worker computes (the machine this targets has two cores). submit() hands a job
// over; wait() blocks until it is done and rethrows what it threw.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace parklayers {

class BackgroundWorker {
 public:
  BackgroundWorker();
  ~BackgroundWorker();  // waits for the current job, then stops the thread
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  // Waits for any previous job first (its exception, if any, is rethrown by wait()).
  void submit(std::function<void()> job);
  void wait();

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::function<void()> job_;
  bool busy_ = false;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace parklayers
