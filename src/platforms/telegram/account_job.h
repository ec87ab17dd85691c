// Reading a telegram target with a logged-in account, over the "tdlib" transport (the account
// pool): find the chat (the entity cache first; searchPublicChat, checkChatInviteLink or getChat
// only when this account has no chat id for it), then getChatHistory from the newest message,
// paged back while every message is new, as far as the fetch's budget allows.
//
// The answer is the same Page the web preview gives (the same post ids, NAME/N), so a target
// switching between the two paths neither repeats nor loses a post.
#pragma once

#include <memory>

#include "platforms/fetch_job.h"

namespace gather::telegram {

std::unique_ptr<FetchJob> make_account_job(JobTarget target, const Credential& credential);

// A job that answers at once with `classified` (a target no path of this fetch can read).
std::unique_ptr<FetchJob> make_refused_job(Id target, Classified classified);

}  // namespace gather::telegram
