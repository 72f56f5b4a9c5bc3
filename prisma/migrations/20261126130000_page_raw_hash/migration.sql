-- AlterTable
ALTER TABLE "Page" ADD COLUMN "rawHash" TEXT;

-- CreateIndex
CREATE INDEX "Page_source_idx" ON "Page"("source");
