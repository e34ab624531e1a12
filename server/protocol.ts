// The custom messages between the Trailtight client and server, declared once and imported by both sides.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { KindSource } from '../core/language/kindLabel';
import type { PolicyKind } from '../core/policy/document';

export type { KindSource };

/** What the server concluded about one document after validating it. */
export interface PolicyStatusParams {
  readonly uri: string;
  /** False for JSON that is not a policy; the other fields are then absent. */
  readonly isPolicy: boolean;
  readonly kind?: PolicyKind;
  readonly kindSource?: KindSource;
}

/** Sent by the server after each validation, so the client can show the active policy's kind. */
export const policyStatusNotification = new NotificationType<PolicyStatusParams>('trailtight/policyStatus');

export interface KindOverrideParams {
  readonly uri: string;
  /** The kind to use for this document in this session; null returns to bindings or inference. */
  readonly kind: PolicyKind | null;
}

/**
 * Sent by the client for documents that cannot be bound in `.trailtight/bindings.json` (untitled, outside any
 * workspace folder); the server keeps the override for the session and re-validates the document.
 */
export const kindOverrideNotification = new NotificationType<KindOverrideParams>('trailtight/kindOverride');

export interface PersistKindParams {
  readonly uri: string;
  readonly kind: PolicyKind;
}

export interface PersistKindResult {
  /** The bindings file written, or null when the document is outside every workspace folder. */
  readonly bindingsFile: string | null;
  /** Why nothing was written (e.g. the bindings file is invalid), for the client to show. */
  readonly error?: string;
}

/**
 * Sent by the client when the user picks a kind: the server records it in the workspace's
 * `.trailtight/bindings.json` (formatting preserved), reloads bindings and re-validates.
 */
export const persistKindRequest = new RequestType<PersistKindParams, PersistKindResult, void>('trailtight/persistKind');

/** The client-side command the CodeLens invokes with the document URI; it asks the user for a kind. */
export const SET_KIND_COMMAND = 'trailtight.setPolicyKind';
