// RestApi: login/logout, /api/me, users and the key pool.
//   users: visible = in the actor's scope (else 404); managing another user needs
//   superadmin, or an admin acting on its own agent (else 403).
//   keys: the pool is the superadmin's (403 for others); a user's key may also be set by
//   the user's admin, and is then that admin's tenant's (crm/key_pool.h has the ownership
//   rules; a key owned elsewhere is 409). Only fingerprints ever leave.
#include <boost/json.hpp>

#include "api/bodies.h"
#include "api/rest_api.h"
#include "api/scoped_lookup.h"
#include "api/views.h"
#include "api/web_security.h"
#include "crm/access.h"
#include "crm/errc.h"

namespace va::api {
namespace {

bool manages(const crm::User& actor, const crm::User& target) {
  return actor.role == crm::Role::Superadmin ||
         (actor.role == crm::Role::Admin && target.parent_id == actor.id);
}

// A new agent beyond its admin's max_agents: 409 naming the limit (nullopt: room, or not an
// agent; the role rules themselves are Accounts::create's).
std::optional<ApiError> agent_limit_reached(crm::Store& s, const crm::User& actor,
                                            const crm::NewUser& req) {
  if (req.role != crm::Role::Agent) return std::nullopt;
  const crm::Id admin_id = actor.role == crm::Role::Admin ? actor.id : req.parent_id;
  auto admin = s.get_user(admin_id);
  if (!admin || admin->role != crm::Role::Admin || admin->max_agents <= 0) return std::nullopt;
  auto agents = s.agents_of(admin->id);
  if (!agents) return from_crm(agents.error(), "agents");
  if (static_cast<std::int64_t>(agents->size()) < admin->max_agents) return std::nullopt;
  return ApiError{409, "agent_limit",
                  "the admin '" + admin->username + "' already has its maximum of " +
                      std::to_string(admin->max_agents) + " agents (max_agents)"};
}

// A PATCH's profile fields, onto the user.
void apply_profile(const UserPatch& patch, crm::User& u) {
  if (patch.display_name) u.display_name = *patch.display_name;
  if (patch.email) u.email = *patch.email;
  if (patch.active) u.active = *patch.active;
  if (patch.max_concurrent_calls) u.max_concurrent_calls = *patch.max_concurrent_calls;
  if (patch.lines) u.lines = *patch.lines;
  if (patch.transfer_targets) u.transfer_targets = *patch.transfer_targets;
}

// A PATCH's admin limits (max_agents, monthly_minutes): the superadmin's, on admins (its
// tenants); 403 from anyone else, 422 on a user that is not an admin. nullopt: applied or none.
std::optional<ApiError> apply_admin_limits(const crm::User& actor, const UserPatch& patch,
                                           crm::User& u) {
  if (!patch.max_agents && !patch.monthly_minutes) return std::nullopt;
  if (actor.role != crm::Role::Superadmin) {
    return ApiError{403, "forbidden", "only the superadmin sets max_agents and monthly_minutes"};
  }
  if (u.role != crm::Role::Admin) {
    return ApiError{422, "invalid_field",
                    "max_agents and monthly_minutes: only an admin has these limits"};
  }
  if (patch.max_agents) u.max_agents = *patch.max_agents;
  if (patch.monthly_minutes) u.monthly_minutes = *patch.monthly_minutes;
  return std::nullopt;
}

}  // namespace

void RestApi::add_auth_routes() {
  router_.add({"POST", "/api/auth/login", "Log in: returns a bearer token and sets a cookie", false,
               [this](RequestContext& ctx) {
                 VA_TRY_RESP(body, parse_login(ctx.req->body));
                 auto login =
                     deps_.auth.login(body->username, body->password, ctx.req->remote_address);
                 if (!login) {
                   deps_.metrics.login_failure();
                   return error_response(from_crm(login.error(), "login"));
                 }
                 auto r = json_response(200, boost::json::object{{"token", login->token},
                                                                 {"user", user_view(login->user)}});
                 r.headers.emplace_back("Set-Cookie",
                                        session_cookie(login->token, 12 * 3600, secure_cookie_));
                 return r;
               }});
  router_.add({"POST", "/api/auth/logout", "End this session", true, [this](RequestContext& ctx) {
                 if (auto r = deps_.auth.logout(ctx.token); !r) {
                   return error_response(from_crm(r.error(), "session"));
                 }
                 auto r = json_response(200, boost::json::object{{"ok", true}});
                 r.headers.emplace_back("Set-Cookie", session_cookie("", 0, secure_cookie_));
                 return r;
               }});
  router_.add({"GET", "/api/me", "The logged-in user", true,
               [](RequestContext& ctx) { return json_response(200, user_view(ctx.actor)); }});
}

void RestApi::add_user_routes() {
  auto& s = deps_.store;
  router_.add({"GET", "/api/users", "Users the caller may see", true, [&s](RequestContext& ctx) {
                 auto users = s.list_users(ctx.scope);
                 if (!users) return error_response(from_crm(users.error(), "users"));
                 boost::json::array items;
                 for (const auto& u : *users)
                   items.push_back(user_view(u));
                 return json_response(200, boost::json::object{{"items", std::move(items)}});
               }});
  router_.add({"POST", "/api/users", "Create an admin (superadmin) or agent", true,
               [this, &s](RequestContext& ctx) {
                 VA_TRY_RESP(body, parse_new_user(ctx.req->body));
                 if (auto full = agent_limit_reached(s, ctx.actor, *body)) {
                   return error_response(*full);
                 }
                 auto user = deps_.accounts.create(&ctx.actor, *body);
                 if (!user) return error_response(from_crm(user.error(), "user"));
                 return json_response(201, user_view(*user));
               }});
  router_.add({"GET", "/api/users/{id}", "One user", true, [&s](RequestContext& ctx) {
                 if (!crm::in_scope(ctx.scope, ctx.id)) {
                   return error_response({404, "not_found", "user not found"});
                 }
                 auto u = s.get_user(ctx.id);
                 if (!u) return error_response(from_crm(u.error(), "user"));
                 return json_response(200, user_view(*u));
               }});
  router_.add({"PATCH", "/api/users/{id}", "Change a user's profile or deactivate it", true,
               [this, &s](RequestContext& ctx) {
                 if (!crm::in_scope(ctx.scope, ctx.id)) {
                   return error_response({404, "not_found", "user not found"});
                 }
                 VA_TRY_RESP(patch, parse_user_patch(ctx.req->body, deps_.trunk_lines));
                 auto u = s.get_user(ctx.id);
                 if (!u) return error_response(from_crm(u.error(), "user"));
                 if (!manages(ctx.actor, *u) || u->id == ctx.actor.id) {
                   return error_response({403, "forbidden", "not allowed to change this user"});
                 }
                 apply_profile(*patch, *u);
                 if (auto e = apply_admin_limits(ctx.actor, *patch, *u)) return error_response(*e);
                 if (auto r = s.update_user(*u); !r)
                   return error_response(from_crm(r.error(), "user"));
                 if (!u->active) (void)deps_.auth.end_sessions(u->id);
                 return json_response(200, user_view(s.get_user(u->id).value()));
               }});
  router_.add(
      {"POST", "/api/users/{id}/password", "Change a password (own: needs current_password)", true,
       [this, &s](RequestContext& ctx) {
         if (!crm::in_scope(ctx.scope, ctx.id)) {
           return error_response({404, "not_found", "user not found"});
         }
         VA_TRY_RESP(body, parse_password(ctx.req->body));
         auto u = s.get_user(ctx.id);
         if (!u) return error_response(from_crm(u.error(), "user"));
         if (u->id == ctx.actor.id) {
           if (!crm::verify_password(u->password_hash, body->current_password)) {
             return error_response({403, "bad_current_password", "current_password is wrong"});
           }
         } else if (!manages(ctx.actor, *u)) {
           return error_response({403, "forbidden", "not allowed to change this user"});
         }
         if (auto r = deps_.auth.set_password(u->id, body->password); !r) {
           return error_response(from_crm(r.error(), "password"));
         }
         return json_response(200, boost::json::object{{"ok", true}});
       }});
}

void RestApi::add_user_key_route() {
  auto& s = deps_.store;
  router_.add({"PUT", "/api/users/{id}/api-key", "Set a user's Gemini key", true,
               [this, &s](RequestContext& ctx) {
                 if (!crm::in_scope(ctx.scope, ctx.id)) {
                   return error_response({404, "not_found", "user not found"});
                 }
                 auto u = s.get_user(ctx.id);
                 if (!u) return error_response(from_crm(u.error(), "user"));
                 const bool own_admin = ctx.actor.role == crm::Role::Admin && u->id == ctx.actor.id;
                 if (!manages(ctx.actor, *u) && !own_admin) {
                   return error_response({403, "forbidden", "not allowed to set this key"});
                 }
                 VA_TRY_RESP(body, parse_key(ctx.req->body));
                 auto key = deps_.keys.set_user_key(&ctx.actor, u->id, body->key, body->provider);
                 if (!key) return error_response(from_crm(key.error(), "key"));
                 return json_response(200,
                                      boost::json::object{{"user_id", u->id},
                                                          {"key_fingerprint", key->fingerprint},
                                                          {"provider", key->provider}});
               }});
}

void RestApi::add_key_routes() {
  auto superadmin_only = [](const RequestContext& ctx) {
    return ctx.actor.role == crm::Role::Superadmin;
  };
  router_.add({"POST", "/api/keys", "Add a Gemini or OpenAI key to the pool (superadmin)", true,
               [this, superadmin_only](RequestContext& ctx) {
                 if (!superadmin_only(ctx))
                   return error_response({403, "forbidden", "superadmin only"});
                 VA_TRY_RESP(body, parse_key(ctx.req->body));
                 auto key = deps_.keys.add(body->key, body->label, body->provider);
                 if (!key) return error_response(from_crm(key.error(), "key"));
                 return json_response(201, key_view(*key));
               }});
  router_.add({"GET", "/api/keys", "The key pool, fingerprints only (superadmin)", true,
               [this, superadmin_only](RequestContext& ctx) {
                 if (!superadmin_only(ctx))
                   return error_response({403, "forbidden", "superadmin only"});
                 auto keys = deps_.store.list_keys();
                 if (!keys) return error_response(from_crm(keys.error(), "keys"));
                 boost::json::array items;
                 for (const auto& k : *keys)
                   items.push_back(key_view(k));
                 return json_response(200, boost::json::object{{"items", std::move(items)}});
               }});
  router_.add({"POST", "/api/keys/assign", "Give a pool key to every user without one", true,
               [this, superadmin_only](RequestContext& ctx) {
                 if (!superadmin_only(ctx))
                   return error_response({403, "forbidden", "superadmin only"});
                 auto n = deps_.keys.assign_missing();
                 if (!n) return error_response(from_crm(n.error(), "key"));
                 return json_response(200, boost::json::object{{"assigned", *n}});
               }});
}

}  // namespace va::api
