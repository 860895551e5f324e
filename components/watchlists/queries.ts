"use client";
/**
 * The watchlists' client data layer: one query-key factory, one hook per query and per mutation,
 * responses parsed with lib/watchlists/*-schemas.ts (never cast), failures through lib/client/api.ts.
 * Mutation hooks take the page's own reactions as callbacks; the hook owns the request and the cache.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiParse } from "@/lib/client/api";
import { bulkEnrolResponseSchema, type TBulkEnrolRequest } from "@/lib/watchlists/bulk-enrol-schemas";
import {
  entryImageResponseSchema,
  entryPageResponseSchema,
  entryRemovedResponseSchema,
  entryResponseSchema,
  watchlistCreatedResponseSchema,
  watchlistListResponseSchema,
  type EntryImageResponse,
  type WatchlistCreatedResponse,
} from "@/lib/watchlists/watchlist-schemas";
import type { EnrolOutcome } from "./use-enrolment";

export type { EntryView, WatchlistSummary } from "@/lib/watchlists/watchlist-schemas";

/** A photo the browser enrolled (one face found, aligned and embedded). */
export type EnrolledPhoto = Extract<EnrolOutcome, { ok: true }>;

export const watchlistKeys = {
  all: ["watchlists"] as const,
  /** The lists with their sizes (also read by the planning page's deployment form). */
  lists: () => [...watchlistKeys.all, "list"] as const,
  entries: () => [...watchlistKeys.all, "entries"] as const,
  entryPage: (watchlistId: string, page: number, search: string) => [...watchlistKeys.entries(), watchlistId, page, search] as const,
};

interface Reactions<R, V> {
  onSuccess?: (result: R, variables: V) => void;
  onError?: (error: Error) => void;
}

export function useWatchlists() {
  return useQuery({ queryKey: watchlistKeys.lists(), queryFn: () => apiParse(watchlistListResponseSchema, "/api/watchlists") });
}

/** One page of a watchlist's entries (`page` counts from 0); the previous page stays shown while the next loads. */
export function useWatchlistEntries(watchlistId: string, page: number, pageSize: number, search: string) {
  return useQuery({
    queryKey: watchlistKeys.entryPage(watchlistId, page, search),
    queryFn: () =>
      apiParse(
        entryPageResponseSchema,
        `/api/watchlists/${watchlistId}/entries?${new URLSearchParams({ page: String(page + 1), pageSize: String(pageSize), ...(search ? { q: search } : {}) })}`,
      ),
    placeholderData: (prev) => prev,
  });
}

/** Refreshes the lists' sizes and every page of entries. */
export function useRefreshWatchlists() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: watchlistKeys.all });
}

export function useCreateWatchlist(reactions: Reactions<WatchlistCreatedResponse, { name: unknown; description: unknown }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: unknown; description: unknown }) => apiParse(watchlistCreatedResponseSchema, "/api/watchlists", { method: "POST", json: body }),
    onSuccess: async (r, v) => {
      await qc.invalidateQueries({ queryKey: watchlistKeys.lists() });
      reactions.onSuccess?.(r, v);
    },
    onError: (e: Error) => reactions.onError?.(e),
  });
}

function useEntryMutation<V>(request: (v: V) => Promise<unknown>, reactions: Reactions<unknown, V>) {
  const refresh = useRefreshWatchlists();
  return useMutation({
    mutationFn: request,
    onSuccess: async (r, v) => {
      await refresh();
      reactions.onSuccess?.(r, v);
    },
    onError: (e: Error) => reactions.onError?.(e),
  });
}

/** An authorising officer who did not add the entry marks it reviewed. */
export function useReviewEntry(entryId: string, reactions: Reactions<unknown, void>) {
  return useEntryMutation(
    () => apiParse(entryResponseSchema, `/api/watchlists/entries/${entryId}/review`, { method: "POST", json: { approve: true } }),
    reactions,
  );
}

/** Takes the person off the watchlist, with the reason (recorded). */
export function useRemoveEntry(entryId: string, reactions: Reactions<unknown, string>) {
  return useEntryMutation(
    (reason: string) => apiParse(entryRemovedResponseSchema, `/api/watchlists/entries/${entryId}/remove`, { method: "POST", json: { reason } }),
    reactions,
  );
}

/** A new entry with its provenance (the photo is enrolled next, with useEnrolEntryImage). */
export function useCreateEntry(watchlistId: string) {
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => apiParse(entryResponseSchema, `/api/watchlists/${watchlistId}/entries`, { method: "POST", json: body }),
  });
}

/** Sends a face the browser enrolled; answers with the other subjects it closely matches. The caller refreshes. */
export function useEnrolEntryImage() {
  return useMutation({
    mutationFn: ({ entryId, photo }: { entryId: string; photo: EnrolledPhoto }): Promise<EntryImageResponse> =>
      apiParse(entryImageResponseSchema, `/api/watchlists/entries/${entryId}/images`, {
        method: "POST",
        json: {
          embedding: photo.embedding,
          modelId: photo.modelId,
          modelVersion: photo.modelVersion,
          detectorScore: photo.detectorScore,
          faceJpeg: photo.faceJpeg,
        },
      }),
  });
}

/** One batch of a bulk enrolment (check which references exist, or enrol rows): the run drives it, outside React. */
export function postBulkEnrolment(watchlistId: string, body: TBulkEnrolRequest) {
  return apiParse(bulkEnrolResponseSchema, `/api/watchlists/${watchlistId}/bulk`, { method: "POST", json: body });
}
