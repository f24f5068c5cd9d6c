-- CreateTable
CREATE TABLE "ResourceCapacity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "resourceId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "capacity" REAL NOT NULL,
    CONSTRAINT "ResourceCapacity_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ResourceCapacity_resourceId_at_idx" ON "ResourceCapacity"("resourceId", "at");

-- Resources made before this: their capacity now, from their creation (the best there is to know).
INSERT INTO "ResourceCapacity" ("resourceId", "at", "capacity") SELECT "id", "createdAt", "capacity" FROM "Resource";
