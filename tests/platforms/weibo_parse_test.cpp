// The weibo parsers on real responses (../shared/fixtures) and on our own, one per kind of post.
#include <gtest/gtest.h>

#include <algorithm>

#include "platforms/weibo/mblog_html.h"
#include "platforms/weibo/weibo_api.h"
#include "platforms/weibo/weibo_platform.h"
#include "test_util.h"

namespace gather::weibo {
namespace {

using testing::own_fixture_at;
using testing::shared_fixture;
using testing::utc;
using Strings = std::vector<std::string>;

Page own(const std::string& name) { return parse_timeline(own_fixture_at("weibo/" + name), ""); }

const Post& post_with_id(const Page& page, std::string_view id) {
  auto it = std::find_if(page.posts.begin(), page.posts.end(), [&](const Post& p) { return p.id == id; });
  if (it == page.posts.end()) throw std::runtime_error("no post " + std::string(id));
  return *it;
}

std::string parse_error(std::string_view body) {
  try {
    WeiboPlatform{}.parse(body, "");
  } catch (const ParseError& e) {
    return e.what();
  }
  return "(parsed)";
}

class SharedTimeline : public ::testing::Test {
 protected:
  const Page page = WeiboPlatform{}.parse(shared_fixture("weibo_ak_list_1.json"),
                                          "https://m.weibo.cn/api/container/getIndex?type=uid&value=6279793937");
};

TEST_F(SharedTimeline, FeedAndCursor) {
  EXPECT_EQ(page.feed.title, "明日方舟Arknights");
  EXPECT_EQ(page.feed.link, "https://weibo.com/u/6279793937");
  EXPECT_EQ(page.feed.description, "《明日方舟》官方微博，欢迎咨询客服QQ服务号：800830064");
  EXPECT_EQ(page.feed.image, "https://wx4.sinaimg.cn/orj480/006QZngZly8gdj05mufr9j30l00l0dq4.jpg");
  EXPECT_EQ(page.older_cursor, "4646131823281332");
  EXPECT_EQ(page.posts.size(), 11u);
}

TEST_F(SharedTimeline, NewestFirstWithThePinnedPostWhereItsDatePutsIt) {
  ASSERT_FALSE(page.posts.empty());
  EXPECT_EQ(page.posts.front().id, "4649106427873349");
  EXPECT_EQ(page.posts.back().id, "4645748019299849");  // pinned (isTop), listed first by Weibo
  for (std::size_t i = 1; i < page.posts.size(); ++i) {
    EXPECT_GE(*page.posts[i - 1].published, *page.posts[i].published) << i;
  }
}

TEST_F(SharedTimeline, PicturePost) {
  const Post& p = post_with_id(page, "4649106427873349");
  EXPECT_EQ(p.url, "https://weibo.com/6279793937/KkBtUx2dv");
  EXPECT_EQ(p.title, "");
  EXPECT_EQ(p.author, "明日方舟Arknights");
  EXPECT_EQ(p.published, utc(2021, 6, 17, 8, 0, 11));
  EXPECT_EQ(p.text, "#明日方舟#\nSideStory「沃伦姆德的薄暮」复刻现已开启！");
  EXPECT_NE(p.html.find("<span class=\"surl-text\">#明日方舟#</span>"), std::string::npos);
  EXPECT_EQ(p.categories, Strings{"图文"});
  EXPECT_EQ(p.tags, Strings{"明日方舟"});
  ASSERT_EQ(p.media.size(), 1u);
  EXPECT_EQ(p.media[0], (Media{"https://wx1.sinaimg.cn/large/006QZngZgy1grlb68fzfvj31hc0u0b29.jpg", "image", ""}));
  EXPECT_FALSE(p.truncated);
  EXPECT_FALSE(p.edited);
  EXPECT_TRUE(p.repost.empty());
  EXPECT_EQ(post_with_id(page, "4646917039199914").media.size(), 4u);
  EXPECT_EQ(post_with_id(page, "4646569834450357").media.size(), 6u);
}

TEST_F(SharedTimeline, RepostOfAVideoPost) {
  const Post& p = post_with_id(page, "4648806186747944");
  EXPECT_EQ(p.url, "https://weibo.com/6279793937/KktFEsjrO");
  EXPECT_EQ(p.categories, Strings{"转发"});
  EXPECT_EQ(p.text,
            "恭喜@黄防护服黄 等10名用户获得【音律联觉主题黑胶礼盒各一套】。微博官方唯一抽奖工具@微博抽奖平台 "
            "-高级版对本次抽奖进行监督，结果公正有效。公示链接：微博抽奖平台");
  EXPECT_TRUE(p.tags.empty());
  EXPECT_TRUE(p.media.empty());
  ASSERT_EQ(p.repost.size(), 1u);
  const Post& original = p.repost[0];
  EXPECT_EQ(original.id, "4645748019299849");
  EXPECT_EQ(original.url, "https://weibo.com/6279793937/Kjc77D1jz");
  EXPECT_EQ(original.author, "明日方舟Arknights");
  EXPECT_EQ(original.published, utc(2021, 6, 8, 1, 35, 4));
  EXPECT_EQ(original.categories, Strings{"视频"});
  EXPECT_EQ(original.tags, (Strings{"明日方舟", "音律联觉"}));
  EXPECT_TRUE(original.truncated);
  ASSERT_EQ(original.media.size(), 2u);
  EXPECT_EQ(original.media[0],
            (Media{"https://wx4.sinaimg.cn/crop.0.33.960.533/006QZngZgy1grapj0wc3ej30qo0goton.jpg", "image", ""}));
  EXPECT_EQ(original.media[1].type, "video");
  EXPECT_TRUE(original.media[1].url.starts_with("https://f.video.weibocdn.com/004gx4yOgx07Ni70wB1601041200QZHs0E010.mp4"));
}

TEST_F(SharedTimeline, PinnedLongVideoPost) {
  const Post& p = post_with_id(page, "4645748019299849");
  EXPECT_EQ(p.categories, Strings{"视频"});
  EXPECT_TRUE(p.truncated);
  EXPECT_TRUE(p.edited);
  EXPECT_EQ(p.updated, utc(2021, 6, 16, 2, 51, 10));
  EXPECT_TRUE(p.text.starts_with("#明日方舟# #音律联觉#\n2021明日方舟音律联觉Ambience Synesthesia"));
  EXPECT_NE(p.text.find("相关信息可关注 网页链接\n\n一、"), std::string::npos);  // link text kept, icon dropped
  EXPECT_TRUE(p.text.ends_with("1. CanNot Wait For\n2. Ma ...")) << p.text;  // the 全文 stub is gone
  EXPECT_NE(p.html.find("全文</a>"), std::string::npos);                        // but html is as given
}

TEST(WeiboProfile, SharedProfileFixture) {
  const std::string body = shared_fixture("weibo_ak_profile.json");
  const Feed feed = parse_profile(body);
  EXPECT_EQ(feed.title, "明日方舟Arknights");
  EXPECT_EQ(feed.link, "https://weibo.com/u/6279793937");
  EXPECT_EQ(feed.description, "《明日方舟》官方微博，欢迎咨询客服QQ服务号：800830064");
  EXPECT_EQ(feed.image, "https://wx4.sinaimg.cn/orj480/006QZngZly8gdj05mufr9j30l00l0dq4.jpg");
  // The timeline parser reads it too: a profile and no posts.
  const Page page = parse_timeline(body, "");
  EXPECT_EQ(page.feed, feed);
  EXPECT_TRUE(page.posts.empty());
  EXPECT_THROW(parse_profile(shared_fixture("weibo_ak_list_1.json")), ParseError);
}

TEST(WeiboLongText, SharedDetailFixtureCompletesTheTruncatedPost) {
  const LongText full = parse_long_text(shared_fixture("weibo_detail_4645748019299849"));
  EXPECT_TRUE(full.text.starts_with("#明日方舟# #音律联觉#\n2021明日方舟音律联觉Ambience Synesthesia专场演出"));
  EXPECT_NE(full.text.find("【歌曲列表】\n1. CanNot Wait For\n2. ManiFesto:\n3. 灯华梦踏\n4. 前航远歌\n\n二、"),
            std::string::npos);
  EXPECT_NE(full.text.find("我们将通过@微博抽奖平台 抽取十位博士"), std::string::npos);
  EXPECT_TRUE(full.text.ends_with("开奖后奖品会在出货后寄出。 明日方舟Arknights的微博视频 抽奖详情")) << full.text;
  EXPECT_EQ(full.tags, (Strings{"明日方舟", "音律联觉"}));

  Page page = parse_timeline(shared_fixture("weibo_ak_list_1.json"), "");
  Post post = post_with_id(page, "4645748019299849");
  ASSERT_TRUE(post.truncated);
  EXPECT_EQ(long_text_request(post.id).url, "https://m.weibo.cn/statuses/extend?id=4645748019299849");
  apply_long_text(post, full);
  EXPECT_FALSE(post.truncated);
  EXPECT_EQ(post.text, full.text);
  EXPECT_EQ(post.html, full.html);
  EXPECT_EQ(post.tags, (Strings{"明日方舟", "音律联觉"}));
  EXPECT_THROW(parse_long_text(shared_fixture("weibo_ak_list_1.json")), ParseError);
}

TEST(WeiboParse, TextOnly) {
  const Page page = own("text_only.json");
  ASSERT_EQ(page.posts.size(), 1u);
  const Post& p = page.posts[0];
  EXPECT_EQ(p.id, "4900000000000101");
  EXPECT_EQ(p.url, "https://weibo.com/1234567890/Nabc00101");
  EXPECT_EQ(p.author, "测试账号");
  EXPECT_EQ(p.published, utc(2026, 11, 16, 0, 30, 0));
  EXPECT_EQ(p.text, "今天天气不错 & 适合出门\n下午见@朋友甲");
  EXPECT_EQ(p.categories, Strings{"文字"});
  EXPECT_TRUE(p.media.empty());
  EXPECT_TRUE(p.tags.empty());
  EXPECT_FALSE(p.truncated);
  // No userInfo in a timeline: the feed comes from the posts' author.
  EXPECT_EQ(page.feed.title, "测试账号");
  EXPECT_EQ(page.feed.link, "https://weibo.com/u/1234567890");
  EXPECT_EQ(page.feed.image, "https://wx1.sinaimg.cn/orj480/1234567890.jpg");
  EXPECT_EQ(page.older_cursor, "4900000000000100");
}

TEST(WeiboParse, Pictures) {
  const Post p = own("pictures.json").posts.at(0);
  EXPECT_EQ(p.categories, Strings{"图文"});
  EXPECT_EQ(p.media, (std::vector<Media>{{"https://wx1.sinaimg.cn/large/p1.jpg", "image", ""},
                                         {"https://wx2.sinaimg.cn/orj360/p2.jpg", "image", ""},  // no large
                                         {"https://wx3.sinaimg.cn/large/p3.jpg", "image", ""},   // was //wx3...
                                         {"https://video.weibo.com/media/play?livephoto=p3.mov", "video", ""}}));
}

TEST(WeiboParse, Video) {
  const Post p = own("video.json").posts.at(0);
  EXPECT_EQ(p.categories, Strings{"视频"});
  EXPECT_EQ(p.text, "新视频 测试账号的微博视频");
  EXPECT_EQ(p.media, (std::vector<Media>{{"https://wx4.sinaimg.cn/crop.0.0.960.540/cover.jpg", "image", ""},
                                         {"https://f.video.weibocdn.com/720.mp4?label=mp4_720p", "video", ""}}));
  EXPECT_TRUE(p.edited);
  EXPECT_EQ(p.updated, utc(2026, 11, 19, 1, 0, 0));
}

TEST(WeiboParse, RepostOfADeletedPost) {
  const Post p = own("repost_deleted.json").posts.at(0);
  EXPECT_EQ(p.categories, Strings{"转发"});
  EXPECT_EQ(p.text, "可惜了//@某人:转发微博");
  ASSERT_EQ(p.repost.size(), 1u);
  const Post& gone = p.repost[0];
  EXPECT_EQ(gone.id, "4890000000000001");
  EXPECT_EQ(gone.author, "");
  EXPECT_EQ(gone.url, "https://m.weibo.cn/detail/4890000000000001");
  EXPECT_EQ(gone.text, "抱歉，此微博已被作者删除。查看帮助：网页链接");
  EXPECT_EQ(gone.categories, Strings{"文字"});
  EXPECT_TRUE(gone.repost.empty());
}

TEST(WeiboParse, TopicsAndSuperTopics) {
  const Post p = own("topics.json").posts.at(0);
  EXPECT_EQ(p.text, "#第一个话题# #Second Topic#\n测试超话 会写 C# 和 F# 吗？#第一个话题# 重复一次");
  EXPECT_EQ(p.tags, (Strings{"第一个话题", "Second Topic", "测试"}));
}

TEST(WeiboParse, EmojiKeepTheirNames) {
  EXPECT_EQ(own("emoji.json").posts.at(0).text, "笑死我了[笑cry][doge]\n\n明天见[心]");
}

TEST(WeiboParse, FullTextStub) {
  const Page page = own("full_text_stub.json");
  const Post& marked = post_with_id(page, "4900000000000701");
  EXPECT_TRUE(marked.truncated);
  EXPECT_EQ(marked.text, "第一段很长的文字\n第二段也很 ...");
  const Post& unmarked = post_with_id(page, "4900000000000702");  // isLongText false, stub present
  EXPECT_TRUE(unmarked.truncated);
  EXPECT_EQ(unmarked.text, "没有标记的截断 ...");
  const Post& search = post_with_id(page, "4900000000000703");  // "全文" linking elsewhere is just text
  EXPECT_FALSE(search.truncated);
  EXPECT_EQ(search.text, "全文检索不是截断");
}

TEST(WeiboParse, PinnedPostsAndCardGroups) {
  const Page page = own("pinned_and_group.json");
  Strings ids;
  for (const auto& p : page.posts) ids.push_back(p.id);
  EXPECT_EQ(ids, (Strings{"4900000000000801", "4900000000000802", "4800000000000001"}));
  EXPECT_EQ(page.feed.title, "资料里的名字");  // data.userInfo wins over the posts' author
  EXPECT_EQ(page.feed.description, "来自 userInfo");
  EXPECT_EQ(page.older_cursor, "4900000000000800");  // a number in this response
}

TEST(WeiboParse, EmptyTimeline) {
  const Page page = own("empty.json");
  EXPECT_TRUE(page.posts.empty());
  EXPECT_TRUE(page.older_cursor.empty());
}

TEST(WeiboParse, TopicScanning) {
  EXPECT_EQ(topics_in("#a# #b#\n#c#"), (Strings{"a", "b", "c"}));
  EXPECT_EQ(topics_in("a# #b#"), Strings{"b"});
  EXPECT_EQ(topics_in("# a # #b #"), Strings{});
  EXPECT_EQ(topics_in("#unclosed\nline# #x#"), Strings{"x"});
  EXPECT_EQ(topics_in("#明日方舟[超话]# #明日方舟#"), Strings{"明日方舟"});
  EXPECT_EQ(topics_in(""), Strings{});
}

TEST(WeiboParse, ErrorsNameTheProblem) {
  EXPECT_EQ(parse_error("<!DOCTYPE html><html></html>"), "an HTML page, not Weibo's JSON");
  EXPECT_EQ(parse_error(""), "empty body, not Weibo's JSON");
  EXPECT_EQ(parse_error("[1]"), "JSON but not an object");
  EXPECT_TRUE(parse_error("{\"ok\":1,").starts_with("not JSON: "));
  EXPECT_EQ(parse_error(own_fixture_at("weibo/login_message.json")),
            "no data.cards: not a Weibo getIndex container (msg: 请先登录)");
  EXPECT_EQ(parse_error(R"({"ok":-100,"url":"https://passport.weibo.cn/signin"})"),
            "no data.cards: not a Weibo getIndex container");
}

TEST(WeiboParse, OddCardsAreSkippedNotFatal) {
  const Page page = parse_timeline(
      R"({"ok":1,"data":{"cards":[1,"x",{"card_type":"9"},{"card_type":9,"mblog":null},
          {"card_type":11,"card_group":{}},{"card_type":9,"mblog":{"mid":7,"user":null,"text":null}}]}})",
      "");
  ASSERT_EQ(page.posts.size(), 1u);
  EXPECT_EQ(page.posts[0].id, "7");
  EXPECT_EQ(page.posts[0].categories, Strings{"文字"});
  EXPECT_FALSE(page.posts[0].published.has_value());
}

}  // namespace
}  // namespace gather::weibo
