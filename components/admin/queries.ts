"use client";
/**
 * The administration page's client data layer: query keys, one hook per query and per mutation,
 * responses parsed with lib/users/user-schemas.ts. Each mutation hook takes the page's own
 * reactions (messages) as callbacks; the hook owns the request and the cache.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiParse } from "@/lib/client/api";
import {
  oneTimePasswordResponseSchema,
  secondFactorResetResponseSchema,
  signInLocksResponseSchema,
  unlockResponseSchema,
  userListResponseSchema,
  userResponseSchema,
  type UserView,
} from "@/lib/users/user-schemas";

export type { SignInLock, UserView } from "@/lib/users/user-schemas";

export const adminKeys = {
  all: ["admin"] as const,
  users: () => [...adminKeys.all, "users"] as const,
  signInLocks: () => [...adminKeys.all, "sign-in-locks"] as const,
};

interface Reactions<R, V> {
  onSuccess?: (result: R, variables: V) => void;
  onError?: (error: Error) => void;
}

export function useUsers() {
  return useQuery({ queryKey: adminKeys.users(), queryFn: () => apiParse(userListResponseSchema, "/api/admin/users") });
}

export function useSignInLocks() {
  return useQuery({ queryKey: adminKeys.signInLocks(), queryFn: () => apiParse(signInLocksResponseSchema, "/api/admin/sign-in-locks") });
}

function useAdminMutation<V, R>(request: (v: V) => Promise<R>, reactions: Reactions<R, V>, alsoLocks = false) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: async (r, v) => {
      reactions.onSuccess?.(r, v);
      await Promise.all([
        qc.invalidateQueries({ queryKey: adminKeys.users() }),
        alsoLocks ? qc.invalidateQueries({ queryKey: adminKeys.signInLocks() }) : null,
      ]);
    },
    onError: (e: Error) => reactions.onError?.(e),
  });
}

export function useUnlockSignIn(reactions: Reactions<unknown, string>) {
  return useAdminMutation(
    (key: string) => apiParse(unlockResponseSchema, "/api/admin/sign-in-locks/unlock", { method: "POST", json: { key } }),
    reactions,
    true,
  );
}

export function useResetSecondFactor(reactions: Reactions<unknown, UserView>) {
  return useAdminMutation(
    (u: UserView) => apiParse(secondFactorResetResponseSchema, `/api/admin/users/${u.id}/second-factor-reset`, { method: "POST" }),
    reactions,
  );
}

export function useSetOneTimePassword(reactions: Reactions<{ password: string }, UserView>) {
  return useAdminMutation(
    (u: UserView) => apiParse(oneTimePasswordResponseSchema, `/api/admin/users/${u.id}/one-time-password`, { method: "POST" }),
    reactions,
  );
}

export function useUpdateUser(reactions: Reactions<unknown, { id: string; change: Record<string, unknown> }>) {
  return useAdminMutation(
    ({ id, change }: { id: string; change: Record<string, unknown> }) =>
      apiParse(userResponseSchema, `/api/admin/users/${id}`, { method: "PATCH", json: change }),
    reactions,
  );
}

export function useCreateUser(reactions: Reactions<unknown, Record<string, unknown>>) {
  return useAdminMutation((body: Record<string, unknown>) => apiParse(userResponseSchema, "/api/admin/users", { method: "POST", json: body }), reactions);
}
