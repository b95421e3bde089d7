// voicemail_detection_bench DIR [--min-precision P] [--min-recall R] [--max-human-fp F]
//   [--max-p95-ms T]: runs media::VoicemailDetector over the labelled recordings of DIR
// (make_amd_corpus.sh: DIR/labels.tsv, "file<TAB>label", label human|voicemail|silence|music),
// fed in 20 ms chunks as a call feeds it, and prints each verdict, then precision and recall of
// "voicemail", the share of people classed voicemail and the verdict time p50/p95. Exits 1
// when a bound is broken (defaults: precision 0.9, recall 0.85, people as voicemail at most
// 1 in 20, p95 6 s), 2 on bad input. It also checks that the message cue (beep or the
// greeting's end) came for every voicemail that was detected.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "media/voicemail_detector.h"
#include "media/wav.h"

namespace {

struct Sample {
  std::string file;
  std::string label;
};

int percentile(std::vector<int> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

double arg_or(int argc, char** argv, const std::string& name, double fallback) {
  for (int i = 2; i + 1 < argc; ++i)
    if (argv[i] == name) return std::atof(argv[i + 1]);
  return fallback;
}

// --trace FILE: the per-frame analysis of one recording, for tuning.
int trace(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
  auto wav = va::media::parse_wav(bytes);
  if (!wav) return 2;
  const std::size_t n = static_cast<std::size_t>(wav->sample_rate) / 50;
  for (std::size_t i = 0; i + n <= wav->samples.size(); i += n) {
    const auto t =
        va::media::analyse_frame(std::span(wav->samples).subspan(i, n), wav->sample_rate);
    std::printf("%6zu ms %7.1f dBFS peak %6.0f Hz share %.2f two %.2f\n",
                i * 1000 / wav->sample_rate, t.level_dbfs, t.peak_hz, t.peak_share,
                t.two_peak_share);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: voicemail_detection_bench DIR [--min-precision P] ...\n");
    return 2;
  }
  const std::string dir = argv[1];
  if (argc == 4 && std::string(argv[2]) == "--trace") return trace(dir + "/" + argv[3]);
  const double min_precision = arg_or(argc, argv, "--min-precision", 0.9);
  const double min_recall = arg_or(argc, argv, "--min-recall", 0.85);
  const double max_human_fp = arg_or(argc, argv, "--max-human-fp", 0.05);
  const double max_p95 = arg_or(argc, argv, "--max-p95-ms", 6000);

  std::ifstream labels(dir + "/labels.tsv");
  std::vector<Sample> samples;
  for (std::string line; std::getline(labels, line);) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    samples.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  if (samples.size() < 40) {
    std::fprintf(stderr, "%s/labels.tsv: %zu recordings, need at least 40\n", dir.c_str(),
                 samples.size());
    return 2;
  }
  int tp = 0, fp = 0, fn = 0, humans = 0, humans_as_vm = 0, humans_as_human = 0, no_cue = 0;
  std::vector<int> times, vm_times, human_times;
  for (const auto& s : samples) {
    std::ifstream in(dir + "/" + s.file, std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    auto wav = va::media::parse_wav(bytes);
    if (!wav) {
      std::fprintf(stderr, "%s: not a WAV file\n", s.file.c_str());
      return 2;
    }
    va::media::VoicemailDetector d(wav->sample_rate);
    const std::size_t chunk = static_cast<std::size_t>(wav->sample_rate) / 50;
    for (std::size_t i = 0; i < wav->samples.size(); i += chunk)
      d.feed(std::span(wav->samples).subspan(i, std::min(chunk, wav->samples.size() - i)));
    const va::media::AmdResult r = d.result().value_or(va::media::AmdResult{});
    const bool said_vm = r.verdict == va::media::AmdVerdict::Voicemail;
    const bool is_vm = s.label == "voicemail";
    tp += said_vm && is_vm;
    fp += said_vm && !is_vm;
    fn += !said_vm && is_vm;
    if (s.label == "human") {
      ++humans;
      humans_as_vm += said_vm;
      humans_as_human += r.verdict == va::media::AmdVerdict::Human;
      if (r.verdict == va::media::AmdVerdict::Human) human_times.push_back(r.at_ms);
    }
    if (said_vm) {
      vm_times.push_back(r.at_ms);
      no_cue += !d.message_cue().has_value();
    }
    times.push_back(r.at_ms);
    std::printf(
        "%-20s %-9s -> %-9s %-14s %5d ms%s%s\n", s.file.c_str(), s.label.c_str(),
        std::string(to_string(r.verdict)).c_str(), std::string(r.cause).c_str(), r.at_ms,
        d.beep_heard() ? " beep" : "",
        d.message_cue() ? (" cue " + std::to_string(*d.message_cue()) + " ms").c_str() : "");
  }
  const double precision = tp + fp ? double(tp) / (tp + fp) : 0;
  const double recall = tp + fn ? double(tp) / (tp + fn) : 0;
  const double human_fp = humans ? double(humans_as_vm) / humans : 0;
  std::printf("\nrecordings %zu, voicemail %d, people %d\n", samples.size(), tp + fn, humans);
  std::printf("precision %.3f  recall %.3f  (tp %d fp %d fn %d)\n", precision, recall, tp, fp, fn);
  std::printf("people classed voicemail %d/%d (%.3f), classed human %d/%d\n", humans_as_vm, humans,
              human_fp, humans_as_human, humans);
  std::printf("verdict time p50 %d ms  p95 %d ms (all)\n", percentile(times, 0.5),
              percentile(times, 0.95));
  std::printf("  voicemail verdicts p50 %d ms p95 %d ms; human verdicts p50 %d ms p95 %d ms\n",
              percentile(vm_times, 0.5), percentile(vm_times, 0.95), percentile(human_times, 0.5),
              percentile(human_times, 0.95));
  std::printf("voicemail verdicts without a message cue: %d\n", no_cue);
  bool ok = true;
  auto check = [&](bool good, const char* what) {
    if (!good) {
      std::printf("FAIL: %s\n", what);
      ok = false;
    }
  };
  check(precision >= min_precision, "precision below the bound");
  check(recall >= min_recall, "recall below the bound");
  check(human_fp <= max_human_fp, "too many people classed voicemail");
  check(percentile(times, 0.95) <= max_p95, "verdict time p95 above the bound");
  check(no_cue == 0, "a detected voicemail gave no cue to leave a message");
  return ok ? 0 : 1;
}
