// App: session restore (GET /api/me with the cookie), the role-based layout, the live event
// stream shared by every page (call events as state, campaign events as a feed), and the page
// switch.
import { createContext, useContext, useEffect, useReducer, useState } from 'react';
import { api, type User } from './api';
import { EventStream, eventsUrl, type CallEventMessage, type StreamState } from './events';
import { applyEvent, CampaignFeed, pruneEnded, type LiveState } from './live';
import { activeNav, mayOpen, navItems } from './nav';
import { Link, navigate, usePath } from './router';
import { Loading } from './ui';
import { LoginPage } from './pages/Login';
import { DashboardPage } from './pages/Dashboard';
import { LeadsPage } from './pages/Leads';
import { CampaignsPage } from './pages/Campaigns';
import { CallsPage } from './pages/Calls';
import { CallDetailPage } from './pages/CallDetail';
import { UsersPage } from './pages/Users';
import { KeysPage } from './pages/Keys';
import { InboundRoutesPage } from './pages/InboundRoutes';
import { ConversionsPage } from './pages/Conversions';
import { WebhooksPage } from './pages/Webhooks';
import { AgentProfilesPage } from './pages/AgentProfiles';

export interface Session {
  user: User;
  live: LiveState;
  stream: StreamState;
  campaigns: CampaignFeed; // campaign.* events for the campaign views that are open
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('no session');
  return s;
}

type LiveAction = { kind: 'event'; msg: CallEventMessage } | { kind: 'prune' } | { kind: 'reset' };

function liveReducer(state: LiveState, a: LiveAction): LiveState {
  if (a.kind === 'event') return applyEvent(state, a.msg);
  if (a.kind === 'prune') return pruneEnded(state, Date.now());
  return {};
}

export function App() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [live, dispatch] = useReducer(liveReducer, {});
  const [stream, setStream] = useState<StreamState>('closed');
  const [campaigns] = useState(() => new CampaignFeed());
  const path = usePath();

  useEffect(() => {
    api.onUnauthorized = () => setUser(null);
    api.me().then(setUser, () => setUser(null));
  }, []);

  useEffect(() => {
    if (!user) return;
    const s = new EventStream({
      // The va_session cookie authenticates the upgrade: no token in URLs or logs.
      url: eventsUrl(location),
      onEvent: (msg) => dispatch({ kind: 'event', msg }),
      onCampaign: (msg) => campaigns.publish(msg),
      onState: setStream,
    });
    s.start();
    const prune = setInterval(() => dispatch({ kind: 'prune' }), 60000);
    return () => {
      s.stop();
      clearInterval(prune);
      dispatch({ kind: 'reset' });
    };
  }, [user, campaigns]);

  if (user === undefined) return <Loading />;
  if (user === null) {
    return (
      <LoginPage
        onLogin={(u) => {
          setUser(u);
          if (location.pathname === '/login') navigate('/');
        }}
      />
    );
  }

  const logout = async () => {
    await api.logout().catch(() => undefined);
    setUser(null);
    navigate('/');
  };

  const current = activeNav(path, user.role);
  return (
    <SessionContext.Provider value={{ user, live, stream, campaigns }}>
      <a href="#main" className="skip">
        Skip to content
      </a>
      <div className="layout">
        <header className="topbar">
          <span className="brand">voiceagent</span>
          <nav aria-label="Main">
            <ul>
              {navItems(user.role).map((i) => (
                <li key={i.path}>
                  <Link to={i.path} aria-current={current === i.path ? 'page' : undefined}>
                    {i.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <div className="who">
            <span
              className={`dot dot-${stream}`}
              role="status"
              aria-label={`Live updates ${stream === 'open' ? 'connected' : stream}`}
              title={`Live updates: ${stream}`}
            />
            <span>
              {user.username} <small className="muted">({user.role})</small>
            </span>
            <button type="button" className="ghost" onClick={logout}>
              Log out
            </button>
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <Page path={path} />
        </main>
      </div>
    </SessionContext.Provider>
  );
}

function Page({ path }: { path: string }) {
  const { user } = useSession();
  if (!mayOpen(path, user.role)) {
    return (
      <section>
        <h1>Not found</h1>
        <p>This page does not exist or is not available to your role.</p>
        <Link to="/">Back to the dashboard</Link>
      </section>
    );
  }
  const call = /^\/calls\/(\d+)$/.exec(path);
  if (call) return <CallDetailPage id={Number(call[1])} />;
  switch (activeNav(path, user.role)) {
    case '/leads':
      return <LeadsPage />;
    case '/campaigns':
      return <CampaignsPage />;
    case '/calls':
      return <CallsPage />;
    case '/conversions':
      return <ConversionsPage />;
    case '/inbound-routes':
      return <InboundRoutesPage />;
    case '/users':
      return <UsersPage />;
    case '/keys':
      return <KeysPage />;
    case '/webhooks':
      return <WebhooksPage />;
    case '/agent-profiles':
      return <AgentProfilesPage />;
    default:
      return <DashboardPage />;
  }
}
