-- DropIndex
DROP INDEX "Execution_serviceId_createdAt_idx";

-- DropIndex
DROP INDEX "Order_serviceId_idx";

-- DropIndex
DROP INDEX "Order_customerId_idx";
