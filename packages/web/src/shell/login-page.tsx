import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../api.ts';
import { useSignIn } from '../auth.tsx';

/** Only same-site paths are honoured, so a crafted link cannot bounce users elsewhere. */
function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

/** The server's message is already user-facing; the fallbacks cover a bare status. */
function describe(e: unknown): string {
  if (e instanceof ApiError && e.status === 429)
    return e.message || 'Too many sign-in attempts; try again later.';
  if (e instanceof ApiError && e.status === 401) return e.message || 'Wrong e-mail or password.';
  return errorMessage(e);
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const s = await signIn(email.trim(), password);
      const first = s.tenants[0];
      navigate(safeNext(params.get('next')) ?? (first ? `/t/${first.slug}/vendors` : '/'), { replace: true });
    } catch (err) {
      setError(describe(err));
      setBusy(false);
    }
  }

  return (
    <Center mih="100vh" bg="gray.1">
      <Paper withBorder shadow="sm" p="xl" w={380} radius="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <div>
              <Title order={2} c="blue.8">
                TEMOps
              </Title>
              <Text size="sm" c="dimmed">
                Technology Expense Management — sign in
              </Text>
            </div>
            {error && (
              <Alert color="red" variant="light" data-testid="login-error">
                {error}
              </Alert>
            )}
            <TextInput
              label="E-mail"
              name="email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              autoFocus
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy} disabled={!email || !password} data-testid="login-submit">
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
