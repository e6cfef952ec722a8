// The whole contract between campcount and a plugin shared library.
//
// Plain C so that a plugin built with another compiler, standard library or
// protobuf version still loads: opaque handles, plain types, messages as
// serialized campcount.v1 protobuf bytes, errors as a small object.
//
// A plugin exports exactly two symbols:
//   uint32_t campcount_plugin_api_version(void);     // CC_API_VERSION(major,
//   minor) const CcPluginTable* campcount_plugin_table(void);
// The engine refuses a plugin whose major differs from its own, or whose minor
// is newer than its own. New table entries go at the end, guarded by
// struct_size, so a minor bump stays compatible.
#ifndef CAMPCOUNT_PLUGIN_API_H_
#define CAMPCOUNT_PLUGIN_API_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CC_PLUGIN_API_MAJOR 1
#define CC_PLUGIN_API_MINOR 0
#define CC_API_VERSION(major, minor) \
  ((((uint32_t)(major)) << 16) | ((uint32_t)(minor)&0xffffu))
#define CC_API_MAJOR_OF(version) ((uint32_t)(version) >> 16)
#define CC_API_MINOR_OF(version) ((uint32_t)(version)&0xffffu)

// Same numbers as absl::StatusCode, so the host converts with a cast.
typedef enum CcErrorCode {
  CC_OK = 0,
  CC_CANCELLED = 1,
  CC_UNKNOWN = 2,
  CC_INVALID_ARGUMENT = 3,
  CC_DEADLINE_EXCEEDED = 4,
  CC_NOT_FOUND = 5,
  CC_FAILED_PRECONDITION = 9,
  CC_OUT_OF_RANGE = 11,
  CC_UNIMPLEMENTED = 12,
  CC_INTERNAL = 13,
  CC_UNAVAILABLE = 14,
} CcErrorCode;

// An error made by the plugin; the host frees it with table->free_error.
// A null CcError* means success.
typedef struct CcError {
  int32_t code;
  char* message;
} CcError;

// Bytes made by the plugin; the host frees them with table->free_buffer.
typedef struct CcBuffer {
  uint8_t* data;
  size_t size;
} CcBuffer;

// What the host offers a call in progress: a way to ask whether the request
// was cancelled (client gone, deadline passed), so long work can stop early.
typedef struct CcCallContext {
  void* host_state;
  int (*is_cancelled)(void* host_state);
} CcCallContext;

// Messages each method takes and returns (serialized campcount.v1 protobuf).
typedef enum CcMethod {
  CC_METHOD_OPEN_SCENE = 1,   // source: OpenSceneRequest -> Scene
  CC_METHOD_READ_TILE = 2,    // source: ReadTileRequest -> Tile
  CC_METHOD_CLOSE_SCENE = 3,  // source: CloseSceneRequest -> CloseSceneResponse
  CC_METHOD_READ_CENSUS = 4,  // source: ReadCensusRequest -> ReadCensusResponse
  CC_METHOD_DETECT = 10,      // detector: DetectRequest -> DetectResponse
  // Detectors with models (optional; others answer CC_UNIMPLEMENTED):
  // DescribeModelRequest -> ModelInfo (resolves "latest"), and
  // ListModelsRequest -> ModelList.
  CC_METHOD_DESCRIBE_MODEL = 11,
  CC_METHOD_LIST_MODELS = 12,
  CC_METHOD_ESTIMATE = 20,  // estimator: EstimatorRequest -> EstimatorResponse
  CC_METHOD_FIT = 21,       // estimator: FitRequest -> FitResponse
} CcMethod;

typedef struct CcInstance CcInstance;

// Any kind, optional: the created instance's manifest when it depends on the
// instance's settings (a remote plugin reports the service it calls). Request
// bytes are empty; answer a PluginManifest, or CC_UNIMPLEMENTED to keep the
// library's manifest. The engine keeps the library's kind, name and config
// fields whatever the answer says. (Outside CcMethod so that methods of each
// kind stay listed together above.)
enum { CC_METHOD_DESCRIBE = 30 };

typedef struct CcPluginTable {
  // sizeof(CcPluginTable) the plugin was built with.
  uint32_t struct_size;
  // Serialized campcount.v1.PluginManifest.
  CcError* (*manifest)(CcBuffer* out);
  // config: serialized campcount.v1.PluginConfig.
  CcError* (*create)(const uint8_t* config, size_t config_size,
                     CcInstance** out);
  void (*destroy)(CcInstance* instance);
  // May be called from several threads at once on one instance.
  CcError* (*call)(CcInstance* instance, int32_t method, const uint8_t* request,
                   size_t request_size, const CcCallContext* context,
                   CcBuffer* response);
  void (*free_buffer)(CcBuffer* buffer);
  void (*free_error)(CcError* error);
} CcPluginTable;

typedef uint32_t (*CcApiVersionFn)(void);
typedef const CcPluginTable* (*CcPluginTableFn)(void);

#define CC_SYMBOL_API_VERSION "campcount_plugin_api_version"
#define CC_SYMBOL_TABLE "campcount_plugin_table"

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // CAMPCOUNT_PLUGIN_API_H_
