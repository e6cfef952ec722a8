#include "detect_request_builder.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <cstring>

#include "absl/strings/str_cat.h"

namespace campcount::core {
namespace {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;
using google::protobuf::io::CodedOutputStream;

// Field numbers of campcount.v1.DetectRequest and campcount.v1.Tile.
constexpr int kRequestTilesField = 1;
constexpr int kRequestScoreThresholdField = 2;
constexpr int kRequestModelField = 3;
constexpr int kRequestModelVersionField = 4;
constexpr int kTileIndexField = 1;
constexpr int kTileGsdField = 5;

void AppendVarint(uint64_t value, std::string* out) {
  uint8_t buffer[10];  // the longest varint
  const uint8_t* end = CodedOutputStream::WriteVarint64ToArray(value, buffer);
  out->append(reinterpret_cast<const char*>(buffer), end - buffer);
}

void AppendTag(int field, WireFormatLite::WireType type, std::string* out) {
  AppendVarint(WireFormatLite::MakeTag(field, type), out);
}

template <typename T>
void AppendLittleEndian(T value, std::string* out) {
  // x86-64 and aarch64 are little-endian, as the wire format is.
  char raw[sizeof(T)];
  std::memcpy(raw, &value, sizeof(T));
  out->append(raw, sizeof(T));
}

void AppendString(int field, absl::string_view value, std::string* out) {
  if (value.empty()) return;  // proto3: an empty string is not on the wire
  AppendTag(field, WireFormatLite::WIRETYPE_LENGTH_DELIMITED, out);
  AppendVarint(value.size(), out);
  out->append(value.data(), value.size());
}

// Walks the tile's fields without copying its pixels: returns the gsd_m the
// source set (0 when unset), or an error when the bytes do not parse.
absl::Status ScanTile(absl::string_view bytes, double* gsd_m) {
  CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                         static_cast<int>(bytes.size()));
  *gsd_m = 0;
  while (true) {
    const uint32_t tag = input.ReadTag();
    if (tag == 0) break;
    if (WireFormatLite::GetTagFieldNumber(tag) == kTileGsdField &&
        WireFormatLite::GetTagWireType(tag) ==
            WireFormatLite::WIRETYPE_FIXED64) {
      uint64_t raw = 0;
      if (!input.ReadLittleEndian64(&raw)) break;
      std::memcpy(gsd_m, &raw, sizeof(raw));
      continue;
    }
    if (!WireFormatLite::SkipField(&input, tag)) {
      return absl::InternalError("the source returned an unreadable Tile");
    }
  }
  if (!input.ConsumedEntireMessage() ||
      input.CurrentPosition() != static_cast<int>(bytes.size())) {
    return absl::InternalError("the source returned an unreadable Tile");
  }
  return absl::OkStatus();
}

}  // namespace

DetectRequestBuilder::DetectRequestBuilder(size_t expected_bytes) {
  bytes_.reserve(expected_bytes);
}

absl::Status DetectRequestBuilder::AppendTile(absl::string_view tile_bytes,
                                              int64_t index,
                                              double fallback_gsd_m) {
  double gsd_m = 0;
  if (absl::Status scanned = ScanTile(tile_bytes, &gsd_m); !scanned.ok()) {
    return scanned;
  }
  // Fields appended after the source's own override them: for scalars the
  // last value on the wire wins.
  std::string trailer;
  AppendTag(kTileIndexField, WireFormatLite::WIRETYPE_VARINT, &trailer);
  AppendVarint(static_cast<uint64_t>(index), &trailer);
  if (!(gsd_m > 0)) {
    AppendTag(kTileGsdField, WireFormatLite::WIRETYPE_FIXED64, &trailer);
    AppendLittleEndian(fallback_gsd_m, &trailer);
  }
  AppendTag(kRequestTilesField, WireFormatLite::WIRETYPE_LENGTH_DELIMITED,
            &bytes_);
  AppendVarint(tile_bytes.size() + trailer.size(), &bytes_);
  bytes_.append(tile_bytes.data(), tile_bytes.size());
  bytes_.append(trailer);
  ++tile_count_;
  return absl::OkStatus();
}

std::string DetectRequestBuilder::Finish(float score_threshold,
                                         absl::string_view model,
                                         absl::string_view model_version) {
  AppendTag(kRequestScoreThresholdField, WireFormatLite::WIRETYPE_FIXED32,
            &bytes_);
  AppendLittleEndian(score_threshold, &bytes_);
  AppendString(kRequestModelField, model, &bytes_);
  AppendString(kRequestModelVersionField, model_version, &bytes_);
  std::string request = std::move(bytes_);
  bytes_.clear();
  tile_count_ = 0;
  return request;
}

}  // namespace campcount::core
