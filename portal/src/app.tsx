import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Loading } from './components/page';
import { useT } from './i18n/i18n';
import { PortalLayout, PublicLayout } from './layout';
import { useSession } from './session/session-provider';

// Every page is its own chunk: the first page loads only what it shows.
const Login = lazy(() => import('./pages/login'));
const ForgotPassword = lazy(() => import('./pages/forgot-password'));
const SetPassword = lazy(() => import('./pages/set-password'));
const Overview = lazy(() => import('./pages/overview'));
const BillTo = lazy(() => import('./pages/bill-to'));
const Quotes = lazy(() => import('./pages/quotes'));
const Quote = lazy(() => import('./pages/quote'));
const Invoices = lazy(() => import('./pages/invoices'));
const Invoice = lazy(() => import('./pages/invoice'));
const PaymentMethods = lazy(() => import('./pages/payment-methods'));
const PurchaseOrders = lazy(() => import('./pages/purchase-orders'));
const Documents = lazy(() => import('./pages/documents'));
const Requests = lazy(() => import('./pages/requests'));
const NewRequest = lazy(() => import('./pages/new-request'));
const Request = lazy(() => import('./pages/request'));
const Activity = lazy(() => import('./pages/activity'));
const Profile = lazy(() => import('./pages/profile'));
const Users = lazy(() => import('./pages/users'));
const NotFound = lazy(() => import('./pages/not-found'));

/** The logged-in pages: without a session, the login page, which comes back here afterwards. */
function RequireSession({ children }: { children: ReactNode }) {
  const { status, ended } = useSession();
  const location = useLocation();
  if (status === 'starting') return <Loading />;
  if (status === 'unavailable') return <Unavailable />;
  if (status === 'signed-out') {
    // After a logout the next user starts from the overview; an ended session comes back to the same page.
    const next = `${location.pathname}${location.search}`;
    const back = next !== '/' && ended !== 'logged-out';
    return <Navigate to={back ? `/login?next=${encodeURIComponent(next)}` : '/login'} replace />;
  }
  return children;
}

function Unavailable() {
  const t = useT();
  const { retry } = useSession();
  return (
    <main className="public-main">
      <div className="notice notice-error" role="alert">
        <p>{t('app.unavailable')}</p>
        <button type="button" onClick={retry}>
          {t('app.retry')}
        </button>
      </div>
    </main>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route element={<PublicLayout />}>
            <Route path="login" element={<Login />} />
            <Route path="forgot-password" element={<ForgotPassword />} />
            <Route path="reset-password" element={<SetPassword mode="reset" />} />
            <Route path="activate" element={<SetPassword mode="activate" />} />
          </Route>
          <Route
            element={
              <RequireSession>
                <PortalLayout />
              </RequireSession>
            }
          >
            <Route index element={<Overview />} />
            <Route path="bill-to" element={<BillTo />} />
            <Route path="quotes" element={<Quotes />} />
            <Route path="quotes/:id" element={<Quote />} />
            <Route path="invoices" element={<Invoices />} />
            <Route path="invoices/:id" element={<Invoice />} />
            <Route path="payment-methods" element={<PaymentMethods />} />
            <Route path="purchase-orders" element={<PurchaseOrders />} />
            <Route path="documents" element={<Documents />} />
            <Route path="requests" element={<Requests />} />
            <Route path="requests/new" element={<NewRequest />} />
            <Route path="requests/:id" element={<Request />} />
            <Route path="activity" element={<Activity />} />
            <Route path="profile" element={<Profile />} />
            <Route path="users" element={<Users />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
