#include "deliver/amqp/amqp_address.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "deliver/sink.h"

using namespace gather;

namespace {

// What parse_destination hands the kind: everything after "amqp:".
AmqpAddress parse(const std::string& destination) { return parse_amqp_address(destination.substr(5)); }

std::string error_of(const std::string& destination) {
  try {
    parse_destination(destination);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(AmqpAddress, FullAddress) {
  auto a = parse("amqp://bob:p%40ss@mq.example.org:5673/prod?exchange=posts&routing_key=gather.{platform}.{subscription}");
  EXPECT_EQ(a.host, "mq.example.org");
  EXPECT_EQ(a.port, 5673);
  EXPECT_EQ(a.user, "bob");
  EXPECT_EQ(a.password, "p@ss");
  EXPECT_TRUE(a.has_password);
  EXPECT_EQ(a.vhost, "prod");
  EXPECT_EQ(a.exchange, "posts");
  EXPECT_EQ(a.routing_key, "gather.{platform}.{subscription}");
}

TEST(AmqpAddress, Defaults) {
  auto a = parse("amqp://127.0.0.1?exchange=x");
  EXPECT_EQ(a.port, 5672);
  EXPECT_EQ(a.user, "guest");
  EXPECT_EQ(a.password, "guest");
  EXPECT_EQ(a.vhost, "/");
  EXPECT_EQ(a.routing_key, "{platform}.{target}");
  EXPECT_EQ(parse("amqp://h/?exchange=x").vhost, "/");
  EXPECT_EQ(parse("amqp://h/%2f?exchange=x").vhost, "/");
  EXPECT_EQ(parse("amqp://h/%2fteam?exchange=x").vhost, "/team");
  EXPECT_EQ(parse("amqp://[::1]:5000/v?exchange=x").host, "::1");
}

TEST(AmqpAddress, EmptyExchangeIsTheDefaultExchange) {
  auto a = parse("amqp://h/?exchange=&routing_key=queue-{subscription}");
  EXPECT_EQ(a.exchange, "");
  EXPECT_EQ(a.routing_key, "queue-{subscription}");
}

TEST(AmqpAddress, UserWithoutPasswordTakesItFromTheSecret) {
  auto a = parse("amqp://bob@h/?exchange=x");
  EXPECT_EQ(a.user, "bob");
  EXPECT_FALSE(a.has_password);
}

TEST(AmqpAddress, RoutingKeyPlaceholders) {
  Target t;
  t.id = 12;
  t.platform = "weibo";
  EXPECT_EQ(amqp_routing_key("{platform}.{target}", t, 3), "weibo.12");
  EXPECT_EQ(amqp_routing_key("s{subscription}/{platform}/{platform}", t, 3), "s3/weibo/weibo");
  EXPECT_EQ(amqp_routing_key("fixed", t, 3), "fixed");
}

TEST(AmqpAddress, ErrorsNameWhatIsWrongAndHideThePassword) {
  auto has = [](const std::string& dest, const std::string& part) {
    std::string e = error_of(dest);
    EXPECT_NE(e.find(part), std::string::npos) << dest << " → " << e;
    EXPECT_EQ(e.find("hunter2"), std::string::npos) << "password shown: " << e;
  };
  has("amqp://u:hunter2@h/v", "needs ?exchange=NAME");
  has("amqp://u:hunter2@h/v?exchange=x&rk=1", "unknown parameter 'rk'");
  has("amqp://u:hunter2@h/v?exchange=x&exchange=y", "'exchange' twice");
  has("amqp://u:hunter2@h/v?exchange=x&routing_key={platfrom}", "unknown placeholder");
  has("amqp://u:hunter2@h/v?exchange=x&routing_key=", "routing_key is empty");
  has("amqp://u:hunter2@h/a/b?exchange=x", "one path segment");
  has("amqp://u:hunter2@h:0/v?exchange=x", "port '0'");
  has("amqp://u:hunter2@h:99999/v?exchange=x", "port");
  has("amqp://u:hunter2@h/v?exchange=x#frag", "fragment");
  has("amqp:///v?exchange=x", "no broker host");
  has("amqp://:hunter2@h/v?exchange=x", "no user name");
  has("amqp:not a url", "is not a URL");
  EXPECT_NE(error_of("amqp://u:hunter2@h/v").find("u:***@h"), std::string::npos);
}

TEST(AmqpAddress, RegisteredAsADestinationKind) {
  auto d = parse_destination("amqp://127.0.0.1:5672/%2f?exchange=gather");
  EXPECT_EQ(d.kind, "amqp");
  EXPECT_EQ(d.address, "//127.0.0.1:5672/%2f?exchange=gather");
}

}  // namespace
