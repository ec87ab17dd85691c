// TDLib's JSON interface, loaded at run time. gather never links TDLib: the library is an npm
// download (scripts/install-deps.sh) or the project's stand-in (sim/tdjson), and gather must run
// without it for every platform that does not need an account.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

namespace gather::tdlib {

// Thrown when the library cannot be loaded; the message says how to get it.
class TdlibMissing : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The four C functions of td_json_client.h. The pointers stay valid while the library object
// lives; it is never unloaded before process exit (TDLib keeps threads of its own).
class TdjsonLibrary {
 public:
  using CreateClientId = int (*)();
  using Send = void (*)(int, const char*);
  using Receive = const char* (*)(double);
  using Execute = const char* (*)(const char*);

  // Loads PATH (dlopen) and resolves the four symbols. Throws TdlibMissing naming the path.
  static std::shared_ptr<TdjsonLibrary> load(const std::string& path);
  // Where scripts/install-deps.sh puts the prebuilt library in this checkout.
  static std::string default_path();

  int create_client_id() const { return create_client_id_(); }
  void send(int client_id, const std::string& json) const { send_(client_id, json.c_str()); }
  // Only one thread may call receive (TDLib's rule); the text is valid until the next call.
  const char* receive(double timeout_s) const { return receive_(timeout_s); }
  std::string execute(const std::string& json) const;
  const std::string& path() const { return path_; }

 private:
  TdjsonLibrary() = default;
  std::string path_;
  void* handle_ = nullptr;
  CreateClientId create_client_id_ = nullptr;
  Send send_ = nullptr;
  Receive receive_ = nullptr;
  Execute execute_ = nullptr;
};

}  // namespace gather::tdlib
