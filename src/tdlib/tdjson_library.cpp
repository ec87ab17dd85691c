#include "tdlib/tdjson_library.h"

#include <dlfcn.h>

#include <filesystem>

namespace gather::tdlib {

namespace {

template <typename F>
F symbol(void* handle, const char* name, const std::string& path) {
  void* p = dlsym(handle, name);
  if (!p) throw TdlibMissing("TDLib at " + path + " has no " + name + ": not a tdjson library");
  return reinterpret_cast<F>(p);
}

}  // namespace

std::string TdjsonLibrary::default_path() {
  return std::string(GATHER_SOURCE_DIR) + "/deps/tdlib/node_modules/@prebuilt-tdlib/linux-x64-glibc/libtdjson.so";
}

std::shared_ptr<TdjsonLibrary> TdjsonLibrary::load(const std::string& path) {
  const std::string how = " (run scripts/install-deps.sh to install TDLib, or set [telegram] tdjson = \"PATH\")";
  if (!std::filesystem::exists(path)) throw TdlibMissing("TDLib is not installed: " + path + " does not exist" + how);
  // RTLD_LOCAL: TDLib bundles OpenSSL and zlib; their symbols must not interpose ours.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    throw TdlibMissing("TDLib at " + path + " cannot be loaded: " + (why ? why : "unknown error") + how);
  }
  std::shared_ptr<TdjsonLibrary> lib(new TdjsonLibrary());
  lib->path_ = path;
  lib->handle_ = handle;
  lib->create_client_id_ = symbol<CreateClientId>(handle, "td_create_client_id", path);
  lib->send_ = symbol<Send>(handle, "td_send", path);
  lib->receive_ = symbol<Receive>(handle, "td_receive", path);
  lib->execute_ = symbol<Execute>(handle, "td_execute", path);
  return lib;
}

std::string TdjsonLibrary::execute(const std::string& json) const {
  const char* r = execute_(json.c_str());
  return r ? std::string(r) : std::string();
}

}  // namespace gather::tdlib
