import { Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { Navigate, Outlet } from 'react-router-dom';
import { api, type Session, setCsrfToken } from './api.ts';

const sessionKey = ['session'] as const;

async function fetchSession(): Promise<Session> {
  const s = await api<Session>('/api/auth/me');
  setCsrfToken(s.csrfToken);
  return s;
}

export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 5 * 60_000 });
}

/** The session once RequireAuth has loaded it; components below it may assume it exists. */
export function useUser(): Session {
  const { data } = useSession();
  if (!data) throw new Error('useUser outside RequireAuth');
  return data;
}

export function useSignIn() {
  const qc = useQueryClient();
  return useCallback(
    async (email: string, password: string) => {
      const s = await api<Session>('/api/auth/login', {
        method: 'POST',
        body: { email, password },
        allow401: true,
      });
      setCsrfToken(s.csrfToken);
      qc.clear();
      qc.setQueryData(sessionKey, s);
      return s;
    },
    [qc],
  );
}

export function useSignOut() {
  const qc = useQueryClient();
  return useCallback(async () => {
    try {
      await api('/api/auth/logout', { method: 'POST', allow401: true });
    } finally {
      setCsrfToken(null);
      qc.clear();
      // A full load drops every cached tenant's data from memory.
      window.location.assign('/login');
    }
  }, [qc]);
}

const FullPageLoader = () => (
  <Center h="100vh">
    <Loader />
  </Center>
);

/** Gate for signed-in pages: a 401 from /me makes the api wrapper send the browser to /login. */
export function RequireAuth() {
  const { data, error } = useSession();
  if (error) return <Center h="100vh">{String(error.message)}</Center>;
  if (!data) return <FullPageLoader />;
  return <Outlet />;
}

/** `/` lands on the first tenant the user belongs to. */
export function Home() {
  const s = useUser();
  const first = s.tenants[0];
  if (!first) return <Center h="100vh">Your account is not a member of any tenant yet.</Center>;
  return <Navigate to={`/t/${first.slug}/vendors`} replace />;
}
