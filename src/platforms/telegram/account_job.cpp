#include "platforms/telegram/account_job.h"

#include <spdlog/spdlog.h>

#include "platforms/telegram/chat_key.h"
#include "platforms/text/json_fields.h"
#include "platforms/telegram_tdlib/tdlib_chat.h"
#include "platforms/telegram_tdlib/tdlib_errors.h"
#include "platforms/telegram_tdlib/tdlib_page.h"
#include "tdlib/account_pool.h"

namespace gather::telegram {

namespace {

using tdlib::Object;
namespace td = telegram_tdlib;

// Pages of getChatHistory one fetch may read back (100 messages each) catching up.
constexpr int kMaxPagesBack = 10;

class AccountJob : public FetchJob, public std::enable_shared_from_this<AccountJob> {
 public:
  AccountJob(JobTarget target, Credential credential) : target_(std::move(target)), credential_(std::move(credential)) {}

  void run(const FetchContext& context, Done done) override {
    ctx_ = &context;
    done_ = std::move(done);
    outcome_.target_id = target_.target.id;
    pool_ = ctx_->transports->find<tdlib::AccountPool>("tdlib");
    if (!pool_) return fail(Outcome::kTransient, "Telegram accounts are not available in this process");
    try {
      key_ = parse_chat_key(target_.target.key);
    } catch (const std::invalid_argument& e) {
      return fail(Outcome::kFailed, e.what());
    }
    handle_ = target_.target.key;
    if (ChatDirectory* chats = pool_->chats())
      if (auto known = chats->known_chat(credential_.id, handle_)) {
        chat_ = *known;
        return joined_or_read();
      }
    find_chat();
  }

 private:
  void fail(Outcome outcome, std::string reason, std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    outcome_.classified.outcome = outcome;
    outcome_.classified.reason = std::move(reason);
    outcome_.classified.retry_after = retry_after;
    finish();
  }

  // What a TDLib error means for this fetch: the account rests (flood wait), is gone (logged
  // out), or the target cannot be read by it (a named error shown by `status`).
  void fail_with(const Object& error, const std::string& step) {
    const td::TdError e = td::classify_error(error);
    const std::string message = text::str(&error, "message");
    switch (e.kind) {
      case td::TdErrorKind::kFloodWait:
        return fail(Outcome::kSlowDown, "Telegram flood wait on " + step + ": " + message, e.retry_after);
      case td::TdErrorKind::kLoggedOut:
        return fail(Outcome::kLoggedOut, "Telegram account logged out: " + message);
      case td::TdErrorKind::kTarget:
        return fail(Outcome::kFailed, e.name + " (" + step + ")");
      case td::TdErrorKind::kAccountFull:
        return fail(Outcome::kFailed, "CHANNELS_TOO_MUCH: the account is in 500 channels and supergroups");
      case td::TdErrorKind::kTransient:
        return fail(Outcome::kTransient, "TDLib " + step + ": " + message);
    }
  }

  template <class Then>
  void call(Object request, const std::string& step, Then then) {
    pool_->request(credential_, std::move(request), [self = shared_from_this(), step, then](Object answer) {
      if (tdlib::type_of(answer) == "error") return self->fail_with(answer, step);
      try {
        then(*self, answer);
      } catch (const std::exception& e) {
        self->fail(Outcome::kFailed, "TDLib " + step + " answered what gather cannot read: " + e.what());
      }
    });
  }

  void find_chat() {
    switch (key_.kind) {
      case ChatKey::Kind::kUsername: {
        if (auto wait = pool_->resolve_wait(credential_.id, ctx_->now))
          return fail(Outcome::kTransient, "the account's resolve budget is spent; new chats wait", *wait);
        if (ChatDirectory* chats = pool_->chats()) chats->record_resolve(credential_.id, ctx_->now);
        return call(Object{{"@type", "searchPublicChat"}, {"username", key_.username}}, "searchPublicChat",
                    [](AccountJob& self, const Object& chat) { self.learn(chat); });
      }
      case ChatKey::Kind::kInvite:
        return call(Object{{"@type", "checkChatInviteLink"}, {"invite_link", invite_link(key_.invite_hash)}},
                    "checkChatInviteLink", [](AccountJob& self, const Object& info) {
                      const std::int64_t id = text::integer(&info, "chat_id").value_or(0);
                      if (id == 0 && self.target_.target.join) return self.join_by_link();
                      if (id == 0)
                        return self.fail(Outcome::kFailed,
                                         "the account is not in the chat of this invite link (the target may say "
                                         "join = true)");
                      self.call(Object{{"@type", "getChat"}, {"chat_id", id}}, "getChat",
                                [](AccountJob& s, const Object& chat) { s.learn(chat); });
                    });
      case ChatKey::Kind::kChatId:
        return call(Object{{"@type", "getChat"}, {"chat_id", key_.chat_id}}, "getChat",
                    [](AccountJob& self, const Object& chat) { self.learn(chat); });
    }
  }

  // A chat object, just resolved: the entity cache keeps it for this account, with whether the
  // account is in it (a supergroup's status says; the join map's first source).
  void learn(const Object& chat) {
    const td::ChatInfo info = td::read_chat(chat, nullptr);
    chat_.credential_id = credential_.id;
    chat_.handle = handle_;
    chat_.chat_id = info.chat_id;
    chat_.kind = info.kind;
    chat_.title = info.title;
    chat_.resolved_at = ctx_->now;
    chat_.member = false;
    const std::int64_t supergroup = text::integer(text::obj(&chat, "type"), "supergroup_id").value_or(0);
    if (supergroup == 0) return remembered();
    call(Object{{"@type", "getSupergroup"}, {"supergroup_id", supergroup}}, "getSupergroup",
         [chat](AccountJob& self, const Object& sg) {
           const td::ChatInfo with = td::read_chat(chat, &sg);
           self.chat_.member = with.is_member;
           self.remembered();
         });
  }

  void remembered() {
    if (ChatDirectory* chats = pool_->chats()) chats->remember_chat(chat_);
    spdlog::info("telegram account {}: {} is chat {} ({}{})", credential_.id, handle_, chat_.chat_id, chat_.kind,
                 chat_.member ? ", member" : "");
    joined_or_read();
  }

  // A target that says join is read by a member: the account joins once (live updates follow).
  void joined_or_read() {
    if (!target_.target.join || chat_.member || chat_.kind == "private") return read(0);
    if (ChatDirectory* chats = pool_->chats()) {
      int in = 0;
      for (const auto& c : chats->known_chats(credential_.id)) in += c.member && c.kind != "private" ? 1 : 0;
      // Telegram's limit: 500 channels and supergroups per account (CHANNELS_TOO_MUCH past it),
      // and the account's own join budget: past either it reads without joining.
      if (in >= 500 || !pool_->join_room(credential_.id, ctx_->now)) return read(0);
      chats->record_join(credential_.id, ctx_->now);
    }
    call(Object{{"@type", "joinChat"}, {"chat_id", chat_.chat_id}}, "joinChat", [](AccountJob& self, const Object&) {
      self.chat_.member = true;
      if (ChatDirectory* chats = self.pool_->chats()) chats->set_member(self.credential_.id, self.chat_.chat_id, true);
      spdlog::info("telegram account {}: joined {}", self.credential_.id, self.handle_);
      self.read(0);
    });
  }

  void join_by_link() {
    if (!pool_->join_room(credential_.id, ctx_->now))
      return fail(Outcome::kTransient, "the account's join budget is spent; the invite link waits");
    if (ChatDirectory* chats = pool_->chats()) chats->record_join(credential_.id, ctx_->now);
    call(Object{{"@type", "joinChatByInviteLink"}, {"invite_link", invite_link(key_.invite_hash)}},
         "joinChatByInviteLink", [](AccountJob& self, const Object& chat) {
           spdlog::info("telegram account {}: joined {}", self.credential_.id, self.handle_);
           self.learn(chat);
         });
  }

  td::Names names() const {
    td::Names n;
    n.chat.chat_id = chat_.chat_id;
    n.chat.username = key_.kind == ChatKey::Kind::kUsername ? key_.username : "";
    n.chat.title = chat_.title;
    return n;
  }

  // getChatHistory from `from` (0: the newest), then back while every message is new.
  void read(std::int64_t from) {
    call(Object{{"@type", "getChatHistory"}, {"chat_id", chat_.chat_id}, {"from_message_id", from}, {"offset", 0},
                {"limit", 100}, {"only_local", false}},
         "getChatHistory", [](AccountJob& self, const Object& messages) { self.got(messages); });
  }

  void got(const Object& messages) {
    Page part = td::read_messages(messages, names());
    const bool empty = part.posts.empty() && part.older_cursor.empty();
    std::vector<std::string> ids;
    for (const auto& p : part.posts) ids.push_back(p.id);
    for (auto& p : part.posts) page_.posts.push_back(std::move(p));
    ++pages_;
    // A first fetch only records what is there; later ones read back to the last post seen,
    // so downtime is caught up as far as the chat still shows.
    const bool all_new = !ids.empty() && ctx_->unseen(target_.target.id, ids).size() == ids.size();
    const std::int64_t older = part.older_cursor.empty() ? 0 : std::stoll(part.older_cursor);
    if (!empty && older > 0 && all_new && target_.state.initialized && pages_ < kMaxPagesBack &&
        ctx_->reserve_extra())
      return read(older);
    outcome_.classified.outcome = Outcome::kPage;
    page_.feed.title = chat_.title;
    page_.feed.link = key_.kind == ChatKey::Kind::kUsername ? "https://t.me/" + key_.username : "";
    outcome_.page = std::move(page_);
    finish();
  }

  void finish() {
    if (!done_) return;
    JobResult result;
    result.targets.push_back(std::move(outcome_));
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(result));
  }

  JobTarget target_;
  Credential credential_;
  const FetchContext* ctx_ = nullptr;
  Done done_;
  tdlib::AccountPool* pool_ = nullptr;
  ChatKey key_;
  std::string handle_;
  KnownChat chat_;
  Page page_;
  int pages_ = 0;
  TargetOutcome outcome_;
};

class RefusedJob : public FetchJob {
 public:
  RefusedJob(Id target, Classified classified) : target_(target), classified_(std::move(classified)) {}
  void run(const FetchContext& context, Done done) override {
    JobResult result;
    TargetOutcome o;
    o.target_id = target_;
    o.classified = classified_;
    result.targets.push_back(std::move(o));
    // Answered on the io thread as every job is, never inside the caller's run().
    context.off_io([] {}, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
  }

 private:
  Id target_;
  Classified classified_;
};

}  // namespace

std::unique_ptr<FetchJob> make_account_job(JobTarget target, const Credential& credential) {
  return share_job(std::make_shared<AccountJob>(std::move(target), credential));
}

std::unique_ptr<FetchJob> make_refused_job(Id target, Classified classified) {
  return std::make_unique<RefusedJob>(target, std::move(classified));
}

}  // namespace gather::telegram
