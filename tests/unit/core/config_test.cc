#include "core/config.h"

#include <gtest/gtest.h>

#include <map>

namespace va::core {
namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

TEST(Config, DefaultsRunWithNoFile) {
  const auto c = load_config("", env_of({}));
  EXPECT_EQ(c.sip.listen, "0.0.0.0:5060");
  EXPECT_EQ(c.http.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.rtp.port_min, 10000);
  EXPECT_EQ(c.rtp.port_max, 20000);
  EXPECT_EQ(c.database_url(), "sqlite:./data/voiceagent.db");
}

TEST(Config, FileValuesIncludingNestedTrunkSection) {
  const auto c = load_config_from_string(
      "data_dir = \"/var/lib/va\"\n[sip]\nlisten = \"127.0.0.1:5070\"\n"
      "[sip.trunk]\nuri = \"sip:gw.example.com\"\nregister = false\n[rtp]\nport_min = "
      "30000\nport_max = 40000\n",
      env_of({}));
  EXPECT_EQ(c.data_dir, "/var/lib/va");
  EXPECT_EQ(c.sip.listen, "127.0.0.1:5070");
  EXPECT_EQ(c.sip.trunk.uri, "sip:gw.example.com");
  EXPECT_FALSE(c.sip.trunk.register_enabled);
  EXPECT_EQ(c.rtp.port_min, 30000);
}

// [[sip.trunk.lines]] (issue 13): a GSM gateway's SIM ports or PBX routes, from TOML tables
// or VOICEAGENT_SIP_TRUNK_LINES=name:prefix:capacity,...; bad lines are clear errors.
TEST(Config, TrunkLinesFromTablesAndEnvironment) {
  const auto c = load_config_from_string(
      "[sip.trunk]\nuri = \"sip:gw\"\n[[sip.trunk.lines]]\nname = \"gsm1\"\nprefix = \"91\"\n"
      "capacity = 4\n[[sip.trunk.lines]]\nname = \"gsm2\"\nprefix = \"92\"\n",
      env_of({}));
  ASSERT_EQ(c.sip.trunk.lines.size(), 2u);
  EXPECT_EQ(c.sip.trunk.lines[0].name, "gsm1");
  EXPECT_EQ(c.sip.trunk.lines[0].prefix, "91");
  EXPECT_EQ(c.sip.trunk.lines[0].capacity, 4);
  EXPECT_EQ(c.sip.trunk.lines[1].capacity, 1);  // the default
  const auto e = load_config("", env_of({{"VOICEAGENT_SIP_TRUNK_LINES", "a:91:2,b::3"}}));
  ASSERT_EQ(e.sip.trunk.lines.size(), 2u);
  EXPECT_EQ(e.sip.trunk.lines[1].name, "b");
  EXPECT_EQ(e.sip.trunk.lines[1].prefix, "");
  EXPECT_EQ(e.sip.trunk.lines[1].capacity, 3);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_SIP_TRUNK_LINES", "a:91:0"}})), ConfigError);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_SIP_TRUNK_LINES", "a:9x:1"}})), ConfigError);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_SIP_TRUNK_LINES", "a91"}})), ConfigError);
}

TEST(Config, EnvironmentOverridesFile) {
  const auto c =
      load_config_from_string("[sip]\nlisten = \"127.0.0.1:5070\"\n",
                              env_of({{"VOICEAGENT_SIP_LISTEN", "127.0.0.2:5080"},
                                      {"VOICEAGENT_SIP_TRUNK_URI", "sip:pbx"},
                                      {"VOICEAGENT_SIP_ALLOW_DIRECT_URI", "true"},
                                      {"VOICEAGENT_RTP_PORT_MIN", "12000"},
                                      {"VOICEAGENT_DB_URL", "postgresql://x"},
                                      {"VOICEAGENT_DATA_DIR", "/tmp/d"},
                                      {"VOICEAGENT_AI_GEMINI_URL", "ws://127.0.0.1:9000/ws"}}));
  EXPECT_EQ(c.sip.listen, "127.0.0.2:5080");
  EXPECT_EQ(c.sip.trunk.uri, "sip:pbx");
  EXPECT_TRUE(c.sip.allow_direct_uri);
  EXPECT_EQ(c.rtp.port_min, 12000);
  EXPECT_EQ(c.database_url(), "postgresql://x");
  EXPECT_EQ(c.data_dir, "/tmp/d");
  EXPECT_EQ(c.ai.gemini.url, "ws://127.0.0.1:9000/ws");
}

TEST(Config, SecureCookieIsOffByDefaultAndSetByFileOrEnvironment) {
  EXPECT_FALSE(load_config("", env_of({})).http.secure_cookie);
  EXPECT_TRUE(
      load_config_from_string("[http]\nsecure_cookie = true\n", env_of({})).http.secure_cookie);
  EXPECT_TRUE(
      load_config("", env_of({{"VOICEAGENT_HTTP_SECURE_COOKIE", "true"}})).http.secure_cookie);
}

TEST(Config, AiTlsCaFileIsEmptyByDefaultAndSetByFileOrEnvironment) {
  EXPECT_EQ(load_config("", env_of({})).ai.tls_ca_file, "");
  EXPECT_EQ(load_config_from_string("[ai]\ntls_ca_file = \"/etc/va/ca.pem\"\n", env_of({}))
                .ai.tls_ca_file,
            "/etc/va/ca.pem");
  EXPECT_EQ(
      load_config("", env_of({{"VOICEAGENT_AI_TLS_CA_FILE", "/tmp/load-ca.pem"}})).ai.tls_ca_file,
      "/tmp/load-ca.pem");
  bool listed = false;
  for (const auto& [key, env] : config_keys())
    listed |= key == "ai.tls_ca_file" && env == "VOICEAGENT_AI_TLS_CA_FILE";
  EXPECT_TRUE(listed);
}

TEST(Config, UnknownKeyIsAnErrorNamingIt) {
  try {
    load_config_from_string("[sip]\nlisen = \"x\"\n", env_of({}));
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("sip.lisen"), std::string::npos) << e.what();
  }
}

TEST(Config, SipTlsKeysFromFileAndEnvironment) {
  const Config c = load_config_from_string(
      "[sip]\ntls_listen = \"127.0.0.1:5061\"\ntls_cert_file = \"/c.pem\"\n"
      "tls_key_file = \"/k.pem\"\n",
      env_of({{"VOICEAGENT_SIP_TLS_CA_FILE", "/ca.pem"}, {"VOICEAGENT_SIP_KEEPALIVE_S", "5"}}));
  EXPECT_EQ(c.sip.tls_listen, "127.0.0.1:5061");
  EXPECT_EQ(c.sip.tls_cert_file, "/c.pem");
  EXPECT_EQ(c.sip.tls_key_file, "/k.pem");
  EXPECT_EQ(c.sip.tls_ca_file, "/ca.pem");
  EXPECT_EQ(c.sip.keepalive_s, 5);
  EXPECT_EQ(load_config("", env_of({})).sip.keepalive_s, 30);
}

TEST(Config, TlsListenerWithoutCertificateNamesTheKey) {
  try {
    load_config("", env_of({{"VOICEAGENT_SIP_TLS_LISTEN", "127.0.0.1:5061"}}));
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("sip.tls_cert_file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_SIP_KEEPALIVE_S", "-1"}})), ConfigError);
}

TEST(Config, BadValuesAreClearErrors) {
  EXPECT_THROW(load_config_from_string("[rtp]\nport_min = \"ten\"\n", env_of({})), ConfigError);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_RTP_PORT_MIN", "12x"}})), ConfigError);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_SIP_ALLOW_DIRECT_URI", "maybe"}})),
               ConfigError);
  EXPECT_THROW(load_config_from_string("[rtp]\nport_min = 30000\nport_max = 20000\n", env_of({})),
               ConfigError);
  EXPECT_THROW(load_config_from_string("[sip\n", env_of({})), ConfigError);
  EXPECT_THROW(load_config("/nonexistent/voiceagent.toml", env_of({})), ConfigError);
}

// Crash recovery's node name and heartbeat, and the long-work pool's limits (issue 20).
TEST(Config, NodeAndWorkPoolKeys) {
  const auto d = load_config("", env_of({}));
  EXPECT_EQ(d.node_name, "node1");
  EXPECT_EQ(d.node_heartbeat_s, 5);
  EXPECT_EQ(d.limits.work_threads, 2);
  EXPECT_EQ(d.limits.work_per_user, 4);
  const auto c = load_config("", env_of({{"VOICEAGENT_NODE_NAME", "node2"},
                                         {"VOICEAGENT_NODE_HEARTBEAT_S", "1"},
                                         {"VOICEAGENT_LIMITS_WORK_THREADS", "3"},
                                         {"VOICEAGENT_LIMITS_WORK_PER_USER", "8"},
                                         {"VOICEAGENT_LIMITS_WORK_QUEUE", "16"}}));
  EXPECT_EQ(c.node_name, "node2");
  EXPECT_EQ(c.node_heartbeat_s, 1);
  EXPECT_EQ(c.limits.work_threads, 3);
  EXPECT_EQ(c.limits.work_per_user, 8);
  EXPECT_EQ(c.limits.work_queue, 16);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_NODE_NAME", ""}})), ConfigError);
  // Several nodes (issue 18): when a silent node counts as dead; never within two beats.
  EXPECT_EQ(d.node_dead_after_s, 15);
  EXPECT_EQ(load_config("", env_of({{"VOICEAGENT_NODE_DEAD_AFTER_S", "4"},
                                    {"VOICEAGENT_NODE_HEARTBEAT_S", "1"}}))
                .node_dead_after_s,
            4);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_NODE_DEAD_AFTER_S", "3"},
                                       {"VOICEAGENT_NODE_HEARTBEAT_S", "2"}})),
               ConfigError);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_LIMITS_WORK_PER_USER", "0"}})), ConfigError);
}

TEST(Config, WebhookRetriesDefaultToTheContractAndAreOverridable) {
  const auto d = load_config("", env_of({}));
  EXPECT_LE(d.webhooks.first_retry_s, 60);  // DESIGN.md: the first retry within 60 s
  EXPECT_EQ(d.webhooks.give_up_after_s, 86400);
  const auto c = load_config("", env_of({{"VOICEAGENT_WEBHOOKS_FIRST_RETRY_S", "1"},
                                         {"VOICEAGENT_WEBHOOKS_MAX_RETRY_S", "2"},
                                         {"VOICEAGENT_WEBHOOKS_WORKERS", "3"}}));
  EXPECT_EQ(c.webhooks.first_retry_s, 1);
  EXPECT_EQ(c.webhooks.max_retry_s, 2);
  EXPECT_EQ(c.webhooks.workers, 3);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_WEBHOOKS_FIRST_RETRY_S", "61"}})), ConfigError);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_WEBHOOKS_FIRST_RETRY_S", "20"},
                                       {"VOICEAGENT_WEBHOOKS_MAX_RETRY_S", "10"}})),
               ConfigError);
  EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_WEBHOOKS_WORKERS", "0"}})), ConfigError);
}

TEST(Config, EveryKeyHasItsEnvironmentName) {
  bool found = false;
  for (const auto& [key, env] : config_keys()) {
    if (key == "sip.trunk.uri") {
      EXPECT_EQ(env, "VOICEAGENT_SIP_TRUNK_URI");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(Config, TrunkCodecsComeFromTheFileOrTheEnvironment) {
  EXPECT_EQ(load_config("", env_of({})).sip.trunk.codecs, "");
  const auto f = load_config_from_string("[sip.trunk]\ncodecs = \"G729,PCMA\"\n", env_of({}));
  EXPECT_EQ(f.sip.trunk.codecs, "G729,PCMA");
  const auto e = load_config("", env_of({{"VOICEAGENT_SIP_TRUNK_CODECS", "OPUS,PCMU"}}));
  EXPECT_EQ(e.sip.trunk.codecs, "OPUS,PCMU");
}

TEST(Config, PriceTableHasEstimatesByDefaultAndParsesFromFileOrEnvironment) {
  const auto d = load_config("", env_of({}));
  ASSERT_FALSE(d.ai.prices.empty());
  EXPECT_EQ(d.ai.prices[0].model, "*");
  EXPECT_GT(d.ai.prices[0].output_audio, d.ai.prices[0].output_text);
  const auto f = load_config_from_string(
      "[ai]\nprices = \"gemini:0.5:3:2:12,gpt-realtime:4:32:16:64\"\n", env_of({}));
  ASSERT_EQ(f.ai.prices.size(), 2u);
  EXPECT_EQ(f.ai.prices[1].model, "gpt-realtime");
  EXPECT_DOUBLE_EQ(f.ai.prices[1].input_audio, 32.0);
  const auto e = load_config("", env_of({{"VOICEAGENT_AI_PRICES", "*:0.1:0.2:0.3:0.4"}}));
  ASSERT_EQ(e.ai.prices.size(), 1u);
  EXPECT_DOUBLE_EQ(e.ai.prices[0].output_audio, 0.4);
  for (const char* bad :
       {"gemini:1:2:3", "gemini:1:2:3:x", ":1:2:3:4", "g:1:2:3:-1", "g:1:2:3:4:5"}) {
    EXPECT_THROW(load_config("", env_of({{"VOICEAGENT_AI_PRICES", bad}})), ConfigError) << bad;
  }
}

}  // namespace
}  // namespace va::core
