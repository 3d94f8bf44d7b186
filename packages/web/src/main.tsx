import '@mantine/core/styles.css';
import './app.css';
import { Combobox, createTheme, MantineProvider, PasswordInput } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { AuditLogPage } from './admin/audit-log-page.tsx';
import { MembersPage } from './admin/members-page.tsx';
import { TokensPage } from './admin/tokens-page.tsx';
import { ApiError } from './api.ts';
import { AuditRulesPage } from './audit/rules-page.tsx';
import { AuditRunsPage } from './audit/runs-page.tsx';
import { Home, RequireAuth } from './auth.tsx';
import { ContractDetailPage } from './contracts/contract-detail-page.tsx';
import { ContractsPage } from './contracts/contracts-page.tsx';
import { DataQualityPage } from './data-quality/data-quality-page.tsx';
import { ExceptionDetailPage } from './exceptions/exception-detail-page.tsx';
import { ExceptionsPage } from './exceptions/exceptions-page.tsx';
import { ImportsPage } from './imports/imports-page.tsx';
import { DiscoveryPage } from './inventory/discovery-page.tsx';
import { InventoryPage } from './inventory/inventory-page.tsx';
import { ServiceDetailPage } from './inventory/service-detail-page.tsx';
import { InvoiceDetailPage } from './invoices/invoice-detail-page.tsx';
import { InvoiceListPage } from './invoices/invoice-list-page.tsx';
import { MappingProfilesPage } from './mapping/mapping-page.tsx';
import { EntityPage } from './reference/entity-page.tsx';
import { AppLayout } from './shell/app-layout.tsx';
import { LoginPage } from './shell/login-page.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors (403, 404, validation) will not fix themselves on retry.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  headings: { sizes: { h2: { fontSize: '1.4rem', lineHeight: '1.3' } } },
  components: {
    // Closed dropdowns stay out of the DOM, so a field label names exactly one element.
    Combobox: Combobox.extend({ defaultProps: { keepMounted: false } }),
    // The default toggle label contains "password", which makes label lookups ambiguous.
    PasswordInput: PasswordInput.extend({
      defaultProps: { visibilityToggleButtonProps: { 'aria-label': 'Show or hide characters' } },
    }),
  },
});

function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route element={<RequireAuth />}>
        <Route path="/" element={<Home />} />
        <Route path="/t/:tenant" element={<AppLayout />}>
          <Route index element={<Navigate to="vendors" replace />} />
          <Route path="invoices" element={<InvoiceListPage />} />
          <Route path="invoices/:id" element={<InvoiceDetailPage />} />
          <Route path="imports" element={<ImportsPage />} />
          <Route path="mapping-profiles" element={<MappingProfilesPage />} />
          <Route path="services" element={<InventoryPage />} />
          <Route path="services/:id" element={<ServiceDetailPage />} />
          <Route path="discovery" element={<DiscoveryPage />} />
          <Route path="data-quality" element={<DataQualityPage />} />
          <Route path="contracts" element={<ContractsPage />} />
          <Route path="contracts/:id" element={<ContractDetailPage />} />
          <Route path="my-work" element={<ExceptionsPage key="mine" mine />} />
          <Route path="exceptions" element={<ExceptionsPage key="all" />} />
          <Route path="exceptions/:id" element={<ExceptionDetailPage />} />
          <Route path="audit/runs" element={<AuditRunsPage />} />
          <Route path="audit/rules" element={<AuditRulesPage />} />
          <Route path="members" element={<MembersPage />} />
          <Route path="tokens" element={<TokensPage />} />
          <Route path="audit-log" element={<AuditLogPage />} />
          <Route path=":plural" element={<EntityPage />} />
        </Route>
        <Route path="*" element={<Home />} />
      </Route>
    </Routes>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
