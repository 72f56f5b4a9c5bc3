// Apollo's store of parsed and validated operations, keyed by the hash of the operation's text.
// A client that sends the question as a variable sends the same text every time: parsed and validated
// once, then found here. A client that writes the question into the text (curl, hand-written tools)
// sends a new text every time; Apollo's default store kept every one of them (up to 30 MB, each measured
// by JSON.stringify of its syntax tree), so a stream of distinct questions paid to size, keep and evict
// documents never asked again. Here a document is kept only from its second sighting (the first is
// remembered as a key), and the store is bounded by count.
import type { DocumentStore } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import { FromSecondAsking } from '../support/lru.ts';

export class SecondSightingDocuments implements DocumentStore {
  private readonly documents: FromSecondAsking<string, DocumentNode>;

  constructor(capacity = 500) {
    this.documents = new FromSecondAsking({ kept: capacity });
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    return this.documents.get(key);
  }

  async set(key: string, document: DocumentNode): Promise<void> {
    this.documents.offer(key, document);
  }

  async delete(key: string): Promise<boolean> {
    return this.documents.delete(key);
  }
}
