// Generated from the console's OpenAPI document by scripts/generate-sdk-types.ts — do not edit;
// run `npm run sdk:types` after changing an API schema.

export interface paths {
    "/api/analytics/breakdown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same figures, one row per service or per workflow version */
        get: operations["getAnalyticsBreakdown"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/analytics/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Success rate, average duration and cost of the executions you see (a service, a workflow, a creation time range) */
        get: operations["getAnalyticsSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who viewed or changed what, when and from where (admins), newest first */
        get: operations["listAuditEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Customers you may see: those that ordered your services, those you registered, and your own organisations once they have ordered */
        get: operations["listCustomers"];
        put?: never;
        /** Register a customer organisation for a provider you administer, to take orders for it */
        post: operations["createCustomer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A customer: your own organisation, one you registered, or one that ordered your services */
        get: operations["getCustomer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List executions (or, asked for application/ld+json, a schema.org/ItemList of Actions) */
        get: operations["listExecutions"];
        put?: never;
        /** Create an execution */
        post: operations["createExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an execution with its steps (or, asked for application/ld+json, as a schema.org/Action)
         * @description Content negotiation on Accept (q-values honoured): application/ld+json preferred over application/json answers the execution as JSON-LD, a schema.org/Action (seed 001's mapping); anything else, *\/* included, the console's JSON.
         */
        get: operations["getExecution"];
        /** Update an execution; a status change goes through the lifecycle */
        put: operations["updateExecution"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The execution's alerts, armed and fired, oldest first */
        get: operations["listExecutionAlerts"];
        put?: never;
        /** Set an alert on the execution: a metric (cost, tokens, progress, duration, silence) with operator and threshold, or status with statuses; fires once — an execution.alert event on its timeline and, with webhookUrl, a signed webhook */
        post: operations["setExecutionAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/alerts/{alertId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an alert of the execution (armed or fired) */
        delete: operations["removeExecutionAlert"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel: any status that has not ended → cancelled */
        post: operations["cancelExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Checkpoints, newest first: at step boundaries, on pause, on the interval, and as the service reports them */
        get: operations["listExecutionCheckpoints"];
        put?: never;
        /** Save a checkpoint of the service's state (ExecutionState, docs/data-model.md); the console checkpoints it on the interval from the newest one */
        post: operations["createExecutionCheckpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/checkpoints/{checkpointId}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a failed execution to one of its checkpoints, then retry it: the steps the checkpoint had finished are kept (not run again), the rest run again */
        post: operations["restoreExecutionCheckpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete: running → completed with an ExecutionResult */
        post: operations["completeExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The event timeline and audit trail, paged by event id */
        get: operations["listExecutionEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Fail: → failed with an ExecutionError */
        post: operations["failExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Say the execution is still being worked on: a report that ends a silence (no other change); answers the execution, so a pause is noticed */
        post: operations["heartbeatExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get logs, filtered by level, step and text, paged by id (`after`), or the newest (`latest`, `before`) */
        get: operations["listExecutionLogs"];
        put?: never;
        /** Add a log line, or a batch as { logs: [...] } or an array */
        post: operations["appendExecutionLogs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get metrics */
        get: operations["getExecutionMetrics"];
        put?: never;
        /** Report usage: tokens, cost by category, API calls by service (added to the totals) */
        post: operations["reportExecutionMetrics"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause: running → paused, with a checkpoint */
        post: operations["pauseExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Seed 002's ExecutionProgress: percentage, tasks done of all, the likely time to finish (ms, from the same workflow's completed runs that ran at least this long) and the current phase */
        get: operations["getExecutionProgress"];
        put?: never;
        /** Report the execution's progress (0-100): telemetry, its version unchanged (what workers send; PUT changes any field) */
        post: operations["reportExecutionProgress"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/relations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The execution with its order, service, workflow and customer as objects (seed 000's ExecutionWithRelations) */
        get: operations["getExecutionWithRelations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a new run of the execution's workflow (its version unless another is named) with its input, edited or not; the new one is linked to it */
        post: operations["replayExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Seed 002's ExecutionResult: its status (seed 002's names beside the console's), result or error, metrics, the resources it held and its timeline, in one answer */
        get: operations["getExecutionReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/rerun": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a new run of the execution from one of its steps: the steps before it carried over with their outputs, it and the rest run again */
        post: operations["rerunExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Seed 002's ResourceUsage of an execution: each allocation of its steps, held or released, with its cost and efficiency */
        get: operations["getExecutionResources"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/resources/allocate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Seed 002's allocateResources, for a runner outside the engine: a step of the execution asks for all its requirements at once; allocated, or waiting by priority (up to `wait` ms) */
        post: operations["allocateExecutionResources"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/resources/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Seed 002's releaseResources: what the step holds (or the named resources of it), released as used; the next waiting steps get them */
        post: operations["releaseExecutionResources"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume: paused → running, from the newest checkpoint */
        post: operations["resumeExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Retry: failed → retry → starting → running (waits in retry for its runner unless the runner asks) */
        post: operations["retryExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start: queued → starting → running (an engine workflow waits in starting for a worker) */
        post: operations["startExecution"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/steps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get steps */
        get: operations["listExecutionSteps"];
        put?: never;
        /** Start a step (created when new) */
        post: operations["startExecutionStep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/steps/{stepId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete a running step with its output */
        post: operations["completeExecutionStep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/steps/{stepId}/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Fail a running step */
        post: operations["failExecutionStep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/steps/{stepId}/skip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Skip (or disable) a pending step */
        post: operations["skipExecutionStep"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The execution in a line: id, status, progress, start, end, duration and success (seed 000's ExecutionSummary) */
        get: operations["getExecutionSummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/watch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Watch an execution's events live (SSE, or a WebSocket upgrade of the same path); resumes after Last-Event-ID without gaps or repeats
         * @description Events: state (first, unless resuming: { type: 'state', execution }), then one per change, named by its type: progress, status_changed, step.started, step.completed, step.failed, log, completed, failed, cancelled, event. Each data is a WatchMessage (components.schemas.WatchMessage).
         */
        get: operations["watchExecution"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/{id}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The execution's webhooks (its own and its service's) with every delivery attempt */
        get: operations["listExecutionWebhooks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/executions/watch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Watch the events of every execution a list filter matches (SSE), of the organisations the caller may see; resumes after Last-Event-ID
         * @description The list's filter parameters (status, service, tag, …) choose the executions; with none, every one the caller may see. Each event comes as the watch stream frames it (id, event: its type, data: a WatchMessage with its executionId); no state message comes first. A fresh feed's first frame is `event: cursor` (id: the newest event the caller may see, data: {"eventId": …}): where it starts; a client keeps its id as the last one, so a reconnect before any event of its own resumes there. Resuming after Last-Event-ID replays at most 10,000 events of all executions: further back is refused (409), list the executions again and watch from now.
         */
        get: operations["watchExecutions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notification-channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your organisations' notification channels (admins): email lists and Slack-compatible incoming webhooks, with their last delivery */
        get: operations["listNotificationChannels"];
        put?: never;
        /** Add a notification channel to one of your organisations (admins); the webhook URL and recipients are sealed at rest */
        post: operations["createNotificationChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notification-channels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change a channel: its name, recipients or URL, events, or whether it is enabled */
        put: operations["updateNotificationChannel"];
        post?: never;
        /** Remove a channel and its deliveries */
        delete: operations["deleteNotificationChannel"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notification-channels/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A channel's latest deliveries, newest first: pending (with the next attempt), succeeded, or failed with the last error */
        get: operations["listNotificationDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notification-channels/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test message through the channel: queued, delivered and retried as any other (see its deliveries) */
        post: operations["testNotificationChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user's notifications (reviews due, alerts fired, watched executions failed), newest first; an API key has none (403) */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark some or all of your notifications read (yours only: a viewer may too) */
        post: operations["markNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Service orders you may see (your organisations' as customer or as the service's provider), newest first */
        get: operations["listOrders"];
        put?: never;
        /** Place an order: for one of your organisations as the customer, or, as the provider of the service, for a customer of yours */
        post: operations["createOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An order: its service, its customer and status (its customer and the provider of its service see it) */
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/organizations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An organisation: your own, or the other side of an execution you see */
        get: operations["getOrganization"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/recovery-strategies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your organisations' recovery strategies, by priority, with how often each was applied */
        get: operations["listRecoveryStrategies"];
        put?: never;
        /** Register a recovery strategy for error codes: RETRY (retry: maxRetries, retryInterval, backoffMultiplier, maxRetryInterval), SKIP, FALLBACK (fallback.workflow, or fallback.task with optional taskVersion and input), ABORT or CHECKPOINT_RESTORE (restore.checkpoint: latest or a step id); the engine and supervision apply it to failed steps of your executions instead of the step's own retry policy */
        post: operations["addRecoveryStrategy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/recovery-strategies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One recovery strategy, by its id or the id it was registered with (a key several of your organisations use: 409, unless organizationId says which) */
        get: operations["getRecoveryStrategy"];
        put?: never;
        post?: never;
        /** Remove a recovery strategy (removeRecoveryStrategy); what it already did stays on the executions’ timelines */
        delete: operations["removeRecoveryStrategy"];
        options?: never;
        head?: never;
        /** Change a recovery strategy's fields (enable or disable it, its codes, type and parameters, scope, priority); null clears an optional field */
        patch: operations["updateRecoveryStrategy"];
        trace?: never;
    };
    "/api/resources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your organisations' resources, each with its capacity, what is in use and what waits for it */
        get: operations["listResources"];
        put?: never;
        /** Create a resource steps can require by its type: concurrent (held until released) or rate-type (capacity per window) */
        post: operations["createResource"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/resources/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A resource with its use now */
        get: operations["getResource"];
        put?: never;
        post?: never;
        /** Remove a resource nobody holds or waits for */
        delete: operations["deleteResource"];
        options?: never;
        head?: never;
        /** Change its name, capacity, unit, cost per unit or window (waiting steps are served by the new capacity at the next allocation) */
        patch: operations["updateResource"];
        trace?: never;
    };
    "/api/resources/{id}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Capacity, use and waiting demand over time: the peak of each bucket, from the allocations’ start and end times */
        get: operations["getResourceUsage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The catalog: every service, by name */
        get: operations["listServices"];
        put?: never;
        /** Offer a service, provided by an organisation you administer (providerId; required when there are several) */
        post: operations["createService"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A service: its name, description, provider and default retry policy */
        get: operations["getService"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/services/{id}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Subscribe a webhook to the events of every execution of a service (its secret is returned once) */
        post: operations["addServiceWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task-definitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your organisations' task definitions: every version, or the newest of each (latest=true) */
        get: operations["listTaskDefinitions"];
        put?: never;
        /** Register a task definition version (immutable once registered; the same one sent again answers 200) */
        post: operations["registerTaskDefinition"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task-definitions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A task definition: its newest version, or the newest that satisfies ?version (a version or a semver range) */
        get: operations["getTaskDefinition"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Task instances of your organisations, newest first, by status, task type, execution or worker */
        get: operations["listTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete the task with its output (checked against the task definition's outputSchema; a mismatch fails the step with VALIDATION_ERROR) */
        post: operations["completeTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Fail the task with its error; the workflow decides what follows (retry, recovery, failure) */
        post: operations["failTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Renew the task's lease; `stop` says the worker should stop it */
        post: operations["heartbeatTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tasks/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** ASSIGNED → RUNNING: the handler begins (its timeout counts from here) */
        post: operations["startTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Workers seen in the last hour, with what they serve and run */
        get: operations["listWorkers"];
        put?: never;
        /** Register a worker: its name, version, the task types it serves and its concurrency */
        post: operations["registerWorker"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers/{id}/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim pending task instances of the task types the worker serves (a long poll: waits up to waitMs for one) */
        post: operations["claimTasks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers/{id}/signals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Tasks the worker held that it should stop (cancelled, paused, timed out, its lease lapsed) since the last answer; a long poll */
        post: operations["workerSignals"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workers/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The worker stops (its unfinished tasks go to others when their leases lapse) */
        post: operations["stopWorker"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workflow-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Workflow templates you may read (the console's own and your organisations'): every version, or the newest of each (latest=true) */
        get: operations["listWorkflowTemplates"];
        put?: never;
        /** Register a workflow template: its next version when it changed, its newest (200) when it did not; refused naming each step's problem */
        post: operations["registerWorkflowTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workflow-templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workflow template: a version (key@version) or the newest of a key */
        get: operations["getWorkflowTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workflows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Workflow definitions and their versions */
        get: operations["listWorkflows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workflows/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A workflow definition version (key@version, or its key alone for its newest version) with its steps */
        get: operations["getWorkflow"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workflows/{workflow}/executions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a run of a workflow (its newest version) on the engine */
        post: operations["startWorkflow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/workflows/{workflow}/launch-form": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a start of a workflow takes: its versions and the JSON Schema its input is checked against (the workflow's, or its first task's) */
        get: operations["getLaunchForm"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AllocateResources: {
            requirements: components["schemas"]["ResourceRequirement"][];
            /** @description The step that holds them (default "execution": the execution as a whole) */
            step?: string;
            /** @description ms to wait for them when short (default 0: answer at once, waiting) */
            wait?: number;
        };
        AnalyticsBreakdown: {
            /** @enum {string} */
            by: "service" | "workflow";
            from: string | null;
            rows: {
                /** @description Of the completed ones, ms (wall clock, start to completion) */
                averageDuration: number | null;
                byStatus: {
                    [key: string]: number;
                };
                completed: number;
                /** @description Failed executions by error code */
                errorCodes: {
                    [key: string]: number;
                };
                failed: number;
                /** @description The service id, or the workflow version (null: run by no workflow) */
                key: string | null;
                /** @description completed / (completed + failed + cancelled); null when none has finished */
                successRate: number | null;
                /** @description Executions created in the range */
                total: number;
                totalCost: number;
            }[];
            service: string | null;
            to: string | null;
            workflow: string | null;
        };
        AnalyticsSummary: {
            /** @description Of the completed ones, ms (wall clock, start to completion) */
            averageDuration: number | null;
            byStatus: {
                [key: string]: number;
            };
            completed: number;
            /** @description Failed executions by error code */
            errorCodes: {
                [key: string]: number;
            };
            failed: number;
            from: string | null;
            service: string | null;
            /** @description completed / (completed + failed + cancelled); null when none has finished */
            successRate: number | null;
            to: string | null;
            /** @description Executions created in the range */
            total: number;
            totalCost: number;
            workflow: string | null;
        };
        BusinessWorkflow: {
            /** @description key@version (an execution's workflowTemplateVersionId) */
            $id: string;
            /** @enum {string} */
            $type: "BusinessWorkflow";
            createdAt: string;
            description?: string;
            key: string;
            name: string;
            service?: string;
            steps: ({
                dependsOn?: string[];
                id: string;
                name: string;
            } & {
                [key: string]: unknown;
            })[];
            version: number;
        };
        CancelInput: {
            /** @description Refuse with 409 unless the execution is in one of these statuses: the status the operator saw. Step progress and engine bookkeeping do not change it; the version does, many times a second. */
            expectedStatus?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
            /** @description Refuse with 409 unless the execution is at this version */
            expectedVersion?: number;
            reason?: string;
        };
        ClaimedTask: {
            attempt: number;
            /** @description Seed 003's executionConfig.environmentVariables of its task definition (when it has any) */
            environment?: {
                [key: string]: string;
            };
            executionId: string;
            input?: unknown;
            leaseMs: number;
            leaseToken: string;
            priority: string;
            retryCount: number;
            stepId: string;
            task: string;
            taskId: string;
            timeoutMs: number;
            type: string;
            version: string;
        };
        ClaimInput: {
            /** @description At most this many tasks, your free slots (default 1) */
            max?: number;
            /** @description Start them at once (RUNNING; no /start call): what a worker that runs what it claims does */
            start?: boolean;
            /** @description Wait this long for one when none is pending: a long poll (default 20,000) */
            waitMs?: number;
        };
        CompleteInput: {
            artifacts?: string[];
            /** @description Refuse with 409 unless the execution is in one of these statuses: the status the operator saw. Step progress and engine bookkeeping do not change it; the version does, many times a second. */
            expectedStatus?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
            /** @description Refuse with 409 unless the execution is at this version */
            expectedVersion?: number;
            metadata?: {
                [key: string]: unknown;
            };
            output: unknown;
            success: boolean;
            summary: string;
        };
        CreateCustomer: {
            /** @description Made when not given */
            id?: string;
            name: string;
            /** @description The provider organisation registering it (one you administer; required when there are several) */
            organizationId?: string;
        };
        CreateExecution: {
            assignee?: components["schemas"]["ExecutionAssignee"];
            context?: {
                [key: string]: unknown;
            };
            correlationId?: string;
            /** @description The customer organisation: one of yours, or a customer of yours when you provide the service. Left out: your organisation when you have one; of several, the service's provider when it is one of them, otherwise it is required. With an existing order, its customer: a provider adding to a customer's order names it */
            customer?: string;
            /** @description Your own keys (environment and version are kept as columns); not the console's: createdAt, updatedAt, startedAt, completedAt, failedAt, lastActivityAt, replayOf */
            metadata?: {
                [key: string]: unknown;
            };
            metrics?: {
                stepsCompleted?: number;
                stepsTotal?: number;
            } & {
                [key: string]: unknown;
            };
            /** @description The order; created for the customer when it does not exist yet: its id, or an object with its $id */
            order?: string | ({
                $id: string;
            } & {
                [key: string]: unknown;
            });
            parentExecutionId?: string;
            parentStepId?: string;
            /** @enum {string} */
            priority?: "low" | "normal" | "high" | "urgent";
            progress?: number;
            retryPolicy?: components["schemas"]["RetryPolicy"];
            /** @description The service: its id, or an object with its $id */
            service: string | ({
                $id: string;
            } & {
                [key: string]: unknown;
            });
            /**
             * @description queued (default), or running to start at once
             * @enum {string}
             */
            status?: "queued" | "running";
            steps?: {
                assignee?: {
                    capabilities?: string[];
                    id?: string;
                    model?: string;
                    name?: string;
                    /** @enum {string} */
                    type?: "ai-agent" | "human" | "hybrid" | "system";
                    version?: string;
                };
                dependsOn?: string[];
                dueAt?: string;
                id: string;
                input?: unknown;
                metadata?: {
                    [key: string]: unknown;
                };
                name?: string;
                /** @enum {string} */
                status?: "pending" | "skipped" | "disabled";
                type?: string;
            }[];
            tags?: string[];
            timeout?: number;
            webhooks?: components["schemas"]["Webhook"][];
            /** @description The workflow version it runs (`key@version`): the console's own or one of your organisations', for this service */
            workflowTemplateVersionId?: string;
        };
        CreateService: {
            description?: string;
            id: string;
            name: string;
            providerId?: string;
            retryPolicy?: components["schemas"]["RetryPolicy"];
        };
        CreateServiceOrder: {
            /** @description The customer organisation: one of yours, or a customer of yours when you provide the service. Left out: your organisation when you have one; of several, the service's provider when it is one of them, otherwise it is required */
            customer?: string;
            /** @description Made when not given */
            id?: string;
            /** @description The service ordered */
            service: string;
            /**
             * @description confirmed when not given
             * @enum {string}
             */
            status?: "pending" | "confirmed" | "completed" | "cancelled";
        };
        Error: {
            error: {
                code: string;
                field?: string;
                issues?: {
                    message: string;
                    path: string;
                }[];
                message: string;
            };
        };
        ExecutionAction: {
            "@context"?: unknown;
            /** @description The execution's page in the console */
            "@id": string;
            /** @enum {string} */
            "@type": "Action";
            /**
             * @description queued: Potential; starting, running, paused, retry: Active; completed: Completed; failed, cancelled: Failed
             * @enum {string}
             */
            actionStatus: "https://schema.org/PotentialActionStatus" | "https://schema.org/ActiveActionStatus" | "https://schema.org/CompletedActionStatus" | "https://schema.org/FailedActionStatus";
            /** @description The assignee: human → Person, hybrid → Organization, ai-agent and system → SoftwareApplication */
            agent?: {
                /** @enum {string} */
                "@type": "Person" | "Organization" | "SoftwareApplication";
            } & {
                [key: string]: unknown;
            };
            endTime?: string;
            /** @description A failure (its code as name) or a cancellation (CANCELLED) */
            error?: {
                "@type": string;
                name: string;
            } & {
                [key: string]: unknown;
            };
            identifier: string;
            /** @description The service it runs */
            instrument: {
                "@id": string;
                /** @enum {string} */
                "@type": "Service";
            } & {
                [key: string]: unknown;
            };
            /** @description The order it carries out */
            object: {
                "@id": string;
                /** @enum {string} */
                "@type": "Order";
            } & {
                [key: string]: unknown;
            };
            progress: number;
            result?: {
                "@type": string;
            } & {
                [key: string]: unknown;
            };
            startTime?: string;
            /**
             * @description The console's own status
             * @enum {string}
             */
            status: "queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry";
        } & {
            [key: string]: unknown;
        };
        ExecutionActionList: {
            "@context"?: unknown;
            /** @enum {string} */
            "@type": "ItemList";
            itemListElement: {
                /** @enum {string} */
                "@type": "ListItem";
                item: {
                    /** @description The execution's page in the console */
                    "@id": string;
                    /** @enum {string} */
                    "@type": "Action";
                    /**
                     * @description queued: Potential; starting, running, paused, retry: Active; completed: Completed; failed, cancelled: Failed
                     * @enum {string}
                     */
                    actionStatus: "https://schema.org/PotentialActionStatus" | "https://schema.org/ActiveActionStatus" | "https://schema.org/CompletedActionStatus" | "https://schema.org/FailedActionStatus";
                    /** @description The assignee: human → Person, hybrid → Organization, ai-agent and system → SoftwareApplication */
                    agent?: {
                        /** @enum {string} */
                        "@type": "Person" | "Organization" | "SoftwareApplication";
                    } & {
                        [key: string]: unknown;
                    };
                    endTime?: string;
                    /** @description A failure (its code as name) or a cancellation (CANCELLED) */
                    error?: {
                        "@type": string;
                        name: string;
                    } & {
                        [key: string]: unknown;
                    };
                    identifier: string;
                    /** @description The service it runs */
                    instrument: {
                        "@id": string;
                        /** @enum {string} */
                        "@type": "Service";
                    } & {
                        [key: string]: unknown;
                    };
                    /** @description The order it carries out */
                    object: {
                        "@id": string;
                        /** @enum {string} */
                        "@type": "Order";
                    } & {
                        [key: string]: unknown;
                    };
                    progress: number;
                    result?: {
                        "@type": string;
                    } & {
                        [key: string]: unknown;
                    };
                    startTime?: string;
                    /**
                     * @description The console's own status
                     * @enum {string}
                     */
                    status: "queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry";
                } & {
                    [key: string]: unknown;
                };
                position: number;
            }[];
            nextCursor: string | null;
            numberOfItems: number;
        };
        ExecutionAlert: {
            condition: {
                /** @description How long (ms) the condition must hold before it fires */
                duration?: number;
                /** @enum {string} */
                metric: "cost" | "tokens" | "progress" | "duration" | "silence" | "status";
                /** @enum {string} */
                operator?: "gt" | "lt" | "eq" | "gte" | "lte";
                statuses?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
                threshold?: number;
            };
            createdAt: string;
            createdBy: string;
            executionId: string;
            firedAt?: string;
            id: string;
            message?: string;
            name?: string;
            /** @description The measured value when it fired */
            value?: number;
            webhookUrl?: string;
        };
        ExecutionAlertInput: {
            duration?: number;
            /** @enum {string} */
            metric: "cost" | "tokens" | "progress" | "duration" | "silence" | "status";
            name?: string;
            /** @enum {string} */
            operator?: "gt" | "lt" | "eq" | "gte" | "lte";
            statuses?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
            threshold?: number;
            /**
             * Format: uri
             * @description Also told by a signed webhook (Standard Webhooks) when it fires
             */
            webhookUrl?: string;
        };
        ExecutionAssignee: {
            capabilities?: string[];
            id?: string;
            model?: string;
            name?: string;
            /** @enum {string} */
            type: "ai-agent" | "human" | "hybrid" | "system";
            version?: string;
        };
        ExecutionCheckpoint: {
            executionId: string;
            id: string;
            metadata?: {
                [key: string]: unknown;
            };
            state: {
                completedSteps: string[];
                /** @description Seed 002's completedTasks: completedSteps */
                completedTasks: string[];
                currentStep: number;
                /** @description Seed 002's currentTaskId: the step to run next (pendingSteps' first), when one is left */
                currentTaskId?: string;
                pendingSteps: string[];
                /** @description Seed 002's resourceAllocations: what the execution held when the checkpoint was taken, by resource id */
                resourceAllocations?: {
                    [key: string]: {
                        allocatedAt: string;
                        amount: number;
                        name: string;
                        step: string;
                        type: string;
                        unit: string;
                    };
                };
                results: {
                    [key: string]: unknown;
                };
                /** @description Seed 002's taskStates: each step's state at the checkpoint, a completed one's output with it */
                taskStates: {
                    [key: string]: {
                        output?: unknown;
                        /** @enum {string} */
                        status: "completed" | "pending";
                    };
                };
                totalSteps: number;
                variables: {
                    [key: string]: unknown;
                };
            };
            step: string;
            timestamp: string;
        };
        ExecutionError: {
            code: string;
            context?: {
                [key: string]: unknown;
            };
            message: string;
            recoverable: boolean;
            retryCount: number;
            stack?: string;
            step?: string;
            timestamp?: string;
        };
        ExecutionErrorInput: {
            code: string;
            context?: {
                [key: string]: unknown;
            };
            message: string;
            recoverable?: boolean;
            retryCount?: number;
            stack?: string;
            step?: string;
            timestamp?: string;
        };
        ExecutionEvent: {
            actor: {
                id: string;
                /** @description Who that is, as the console knows them: a person's name, an API key's name */
                name?: string;
                type: string;
            };
            data?: unknown;
            executionId: string;
            id: number;
            status?: string;
            step?: string;
            timestamp: string;
            type: string;
        };
        ExecutionLog: {
            context?: {
                [key: string]: unknown;
            };
            id: number;
            /** @enum {string} */
            level: "debug" | "info" | "warn" | "error";
            message: string;
            metadata?: {
                component?: string;
                source?: string;
                spanId?: string;
                traceId?: string;
            };
            step?: string;
            timestamp: string;
        };
        ExecutionLogInput: {
            context?: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            level: "debug" | "info" | "warn" | "error";
            message: string;
            metadata?: {
                component?: string;
                source?: string;
                spanId?: string;
                traceId?: string;
            };
            step?: string;
            timestamp?: string;
        };
        ExecutionMetrics: {
            apiCalls?: number;
            apiCallsByService?: {
                [key: string]: number;
            };
            completedAt?: string;
            completionTokens?: number;
            cost?: number;
            costBreakdown?: {
                ai?: number;
                apis?: number;
                compute?: number;
                other?: number;
                storage?: number;
            };
            custom?: {
                [key: string]: number;
            };
            duration?: number;
            effectiveDuration?: number;
            errorRate?: number;
            modelCalls?: number;
            promptTokens?: number;
            qualityScore?: number;
            /** @description What the resources it held cost (their costPerUnit × amount) */
            resourceCost?: number;
            /** @description Seed 002: allocated resources that did work ÷ allocated, weighted by how long they were held, 0–1 (docs/resources.md) */
            resourceEfficiency?: number;
            retries?: number;
            retryDuration?: number;
            startedAt?: string;
            stepDurations?: {
                [key: string]: number;
            };
            stepsCompleted: number;
            stepsTotal: number;
            /** @description Seed 002's successRate: the share of step attempts that completed, 0–1 (GET /executions/{id}/metrics) */
            successRate?: number;
            /** @description Steps finished per second of running time */
            throughput?: number;
            tokensUsed?: number;
        };
        ExecutionProgress: {
            /** @description Steps completed */
            completedTasks: number;
            /** @description The running step, or the lifecycle phase: queued, starting, waiting for a person: …, retrying (attempt n), paused, … */
            currentPhase: string;
            /** @description Likely time to finish (ms): the median of what the same workflow's completed runs that ran at least this long still took; absent without enough history */
            estimatedTimeRemaining?: number;
            /** @description Overall completion, 0–100 */
            percentage: number;
            /** @description Steps in the execution */
            totalTasks: number;
        };
        ExecutionReport: {
            /** @description When it ended: completed, failed or cancelled */
            completedAt?: string;
            /**
             * @description The console's own status, which says more (starting, retry)
             * @enum {string}
             */
            consoleStatus: "queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry";
            /** @description Seed 002's ExecutionError, when it failed */
            error?: {
                code: string;
                context?: {
                    [key: string]: unknown;
                };
                message: string;
                recoverable: boolean;
                /** @description The step it failed in */
                taskId?: string;
                timestamp: string;
            };
            executionId: string;
            /** @description Seed 002's ExecutionMetrics */
            metrics: {
                /** @description totalDuration less the time it spent paused */
                effectiveDuration: number;
                errorRate: number | null;
                qualityScore: number | null;
                /** @description Of the resources it held, the share that did work, 0–1 (null: it held none) */
                resourceEfficiency: number | null;
                /** @description The share of its step attempts that completed, 0–1 (null: none ended) */
                successRate: number | null;
                /** @description Steps finished per second of running time */
                throughput: number;
                /** @description What it reported it cost, plus what the resources it held cost */
                totalCost: number;
                /** @description ms from its start to its end (or to now) */
                totalDuration: number;
            };
            /** @description The workflow version it runs (workflowTemplateVersionId, key@version): seed 002's plan; null for an execution an outside service reports */
            planId: string | null;
            resourceUsage: components["schemas"]["ResourceUsage"][];
            /** @description The result it completed with (seed 000's ExecutionResult: success, output, summary, …) */
            result?: unknown;
            startedAt?: string;
            /**
             * @description Seed 002's status: queued → PENDING, starting and running → RUNNING, retry (due to run again) → PENDING, paused → PAUSED, and the three ends
             * @enum {string}
             */
            status: "PENDING" | "RUNNING" | "PAUSED" | "COMPLETED" | "FAILED" | "CANCELLED";
            /** @description Its events, oldest first (log lines and progress are left out: they are in its logs), at most 1,000 */
            timeline: {
                data?: unknown;
                description: string;
                /** @description The console's event type: execution.step.completed, execution.alert, … */
                event: string;
                id: string;
                taskId?: string;
                timestamp: string;
                /** @description Seed 002's type (EXECUTION_STARTED, TASK_COMPLETED, CHECKPOINT_CREATED, …), else the console's event type in capitals */
                type: string;
            }[];
            /** @description More events than the timeline holds: GET …/events pages through them all */
            timelineTruncated?: boolean;
        };
        ExecutionResult: {
            artifacts?: string[];
            metadata?: {
                [key: string]: unknown;
            };
            output: unknown;
            success: boolean;
            summary: string;
        };
        ExecutionStep: {
            assignee?: {
                capabilities?: string[];
                id?: string;
                model?: string;
                name?: string;
                /** @enum {string} */
                type?: "ai-agent" | "human" | "hybrid" | "system";
                version?: string;
            };
            attempt?: number;
            childExecutions?: {
                id: string;
            }[];
            completedAt?: string;
            dependsOn?: string[];
            dueAt?: string;
            duration?: number;
            error?: components["schemas"]["ExecutionError"];
            failedAt?: string;
            id: string;
            input?: unknown;
            metadata?: {
                [key: string]: unknown;
            };
            name: string;
            output?: unknown;
            /** @description Still open after its due date */
            overdue?: boolean;
            retries?: number;
            /**
             * @description Seed 004's step status (docs/workflows.md)
             * @enum {string}
             */
            runtimeStatus: "NotStarted" | "InProgress" | "Completed" | "Disabled" | "Failed";
            startedAt?: string;
            /** @enum {string} */
            status: "pending" | "running" | "completed" | "failed" | "skipped" | "disabled";
            type?: string;
        };
        ExecutionSummary: {
            completedAt?: string;
            /** @description Milliseconds */
            duration?: number;
            id: string;
            progress: number;
            startedAt?: string;
            status: string;
            /** @description Completed, and its result did not say otherwise */
            success: boolean;
        };
        ExecutionUpdate: {
            /** @description The running step */
            currentTask?: string;
            /** @description The last event this update covers: send it back as Last-Event-ID to resume after it */
            eventId: number;
            /** @description The events since the previous update (log and progress events are in messages and progress), the newest 50 */
            events: {
                data?: unknown;
                description: string;
                /** @description The console's event type: execution.step.completed, execution.alert, … */
                event: string;
                id: string;
                taskId?: string;
                timestamp: string;
                /** @description Seed 002's type (EXECUTION_STARTED, TASK_COMPLETED, CHECKPOINT_CREATED, …), else the console's event type in capitals */
                type: string;
            }[];
            executionId: string;
            /** @description Log lines since the previous update, the first 100 of each batch */
            messages: {
                context?: {
                    [key: string]: unknown;
                };
                /** @enum {string} */
                level: "DEBUG" | "INFO" | "WARNING" | "ERROR";
                message: string;
                taskId?: string;
                timestamp: string;
            }[];
            /** @description More lines came than carried: read them from the logs API */
            messagesTruncated?: boolean;
            metrics: {
                apiCalls?: number;
                apiCallsByService?: {
                    [key: string]: number;
                };
                completedAt?: string;
                completionTokens?: number;
                cost?: number;
                costBreakdown?: {
                    ai?: number;
                    apis?: number;
                    compute?: number;
                    other?: number;
                    storage?: number;
                };
                custom?: {
                    [key: string]: number;
                };
                duration?: number;
                effectiveDuration?: number;
                errorRate?: number;
                modelCalls?: number;
                promptTokens?: number;
                qualityScore?: number;
                /** @description What the resources it held cost (their costPerUnit × amount) */
                resourceCost?: number;
                /** @description Seed 002: allocated resources that did work ÷ allocated, weighted by how long they were held, 0–1 (docs/resources.md) */
                resourceEfficiency?: number;
                retries?: number;
                retryDuration?: number;
                startedAt?: string;
                stepDurations?: {
                    [key: string]: number;
                };
                stepsCompleted?: number;
                stepsTotal?: number;
                /** @description Seed 002's successRate: the share of step attempts that completed, 0–1 (GET /executions/{id}/metrics) */
                successRate?: number;
                /** @description Steps finished per second of running time */
                throughput?: number;
                tokensUsed?: number;
            };
            progress: components["schemas"]["ExecutionProgress"];
            /** @enum {string} */
            status: "queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry";
            timestamp: string;
            /** @constant */
            type: "update";
        };
        ExecutionWithRelations: {
            $id: string;
            /** @enum {string} */
            $type: "ServiceExecution";
            /** @description Lifecycle operations allowed from the current status */
            allowedOperations: string[];
            assignee?: components["schemas"]["ExecutionAssignee"];
            cancelReason?: string;
            checkpoints?: components["schemas"]["ExecutionCheckpoint"][];
            context?: {
                [key: string]: unknown;
            };
            correlationId: string;
            /** @description Its order's customer */
            customer: {
                $id: string;
                /** @enum {string} */
                $type: "Organization";
                name: string;
            };
            error?: components["schemas"]["ExecutionError"];
            logs?: components["schemas"]["ExecutionLog"][];
            metadata: {
                completedAt?: string;
                createdAt: string;
                environment?: string;
                /** @description When it failed (seed 004): set while its status is failed */
                failedAt?: string;
                /** @description Seed 004: its latest event, log line, progress or metrics report (of one execution read; a list row gives its latest change or report) */
                lastActivityAt?: string;
                startedAt?: string;
                updatedAt: string;
                version?: string;
            } & {
                [key: string]: unknown;
            };
            metrics?: components["schemas"]["ExecutionMetrics"];
            order: components["schemas"]["ServiceOrder"];
            parentExecutionId?: string;
            /** @enum {string} */
            priority: "low" | "normal" | "high" | "urgent";
            progress: number;
            result?: components["schemas"]["ExecutionResult"];
            retryPolicy?: components["schemas"]["RetryPolicy"];
            rootExecutionId?: string;
            runner?: components["schemas"]["Runner"];
            /**
             * @description Seed 004's WorkflowRuntimeStatus (docs/workflows.md)
             * @enum {string}
             */
            runtimeStatus: "NotStarted" | "InProgress" | "Completed" | "Failed" | "Cancelled";
            service: components["schemas"]["Service"];
            /** @enum {string} */
            status: "queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry";
            steps?: components["schemas"]["ExecutionStep"][];
            tags: string[];
            timeout: number;
            /** @description Optimistic concurrency version; send it back as expectedVersion */
            version: number;
            webhooks?: {
                events: string[];
                /** @description The headers sent with each delivery: their names, each value shown as ******** (values are often credentials: like the secret, they are write-only) */
                headers?: {
                    [key: string]: string;
                };
                id?: string;
                retries?: number;
                /** @description The signing secret: in the answer that creates the webhook, never again */
                secret?: string;
                timeout?: number;
                url: string;
            }[];
            /** @description Null when no workflow definition runs it */
            workflow: {
                /** @description key@version (an execution's workflowTemplateVersionId) */
                $id: string;
                /** @enum {string} */
                $type: "BusinessWorkflow";
                createdAt: string;
                description?: string;
                key: string;
                name: string;
                service?: string;
                steps: ({
                    dependsOn?: string[];
                    id: string;
                    name: string;
                } & {
                    [key: string]: unknown;
                })[];
                version: number;
            } | null;
            workflowTemplateVersionId?: string;
        };
        FailInput: {
            code: string;
            context?: {
                [key: string]: unknown;
            };
            /** @description Refuse with 409 unless the execution is in one of these statuses: the status the operator saw. Step progress and engine bookkeeping do not change it; the version does, many times a second. */
            expectedStatus?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
            /** @description Refuse with 409 unless the execution is at this version */
            expectedVersion?: number;
            message: string;
            recoverable?: boolean;
            retryCount?: number;
            stack?: string;
            step?: string;
            timestamp?: string;
        };
        LaunchForm: {
            description: string | null;
            /** @description key@version */
            id: string;
            key: string;
            name: string;
            /** @description The JSON Schema the input is checked against; null: any object */
            schema?: unknown;
            /**
             * @description The workflow's inputSchema, its first task's (that task takes the input as it is), or none
             * @enum {string}
             */
            schemaSource: "workflow" | "task" | "none";
            /** @description task@version, when the schema is a task’s */
            schemaTask?: string;
            service: string | null;
            version: number;
            /** @description Newest first */
            versions: number[];
        };
        LifecycleInput: {
            /** @description Refuse with 409 unless the execution is in one of these statuses: the status the operator saw. Step progress and engine bookkeeping do not change it; the version does, many times a second. */
            expectedStatus?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
            /** @description Refuse with 409 unless the execution is at this version */
            expectedVersion?: number;
        };
        MarkNotificationsRead: {
            /**
             * @description Every unread notification of yours
             * @enum {boolean}
             */
            all?: true;
            /** @description These notifications (yours; others are left as they are) */
            ids?: string[];
        };
        MetricsReport: {
            apiCalls?: number;
            apiCallsByService?: {
                [key: string]: number;
            };
            completionTokens?: number;
            cost?: number;
            costBreakdown?: {
                ai?: number;
                apis?: number;
                compute?: number;
                other?: number;
                storage?: number;
            };
            custom?: {
                [key: string]: number;
            };
            errorRate?: number;
            modelCalls?: number;
            promptTokens?: number;
            qualityScore?: number;
            tokensUsed?: number;
        };
        Notification: {
            body?: string;
            createdAt: string;
            id: string;
            /** @enum {string} */
            kind: "review.due" | "alert.fired" | "execution.failed";
            /** @description The console path it links to, such as /executions/exec_… */
            link: string;
            read: boolean;
            title: string;
        };
        NotificationChannel: {
            createdAt: string;
            enabled: boolean;
            events: ("alert.fired" | "alert.resolved" | "execution.failed" | "review.due")[];
            id: string;
            /** @enum {string} */
            kind: "email" | "slack";
            lastDelivery?: {
                at: string;
                error?: string;
                status: string;
            };
            name: string;
            organizationId: string;
            recipients?: string[];
            updatedAt: string;
            urlHost?: string;
        };
        NotificationChannelInput: {
            enabled?: boolean;
            events: ("alert.fired" | "alert.resolved" | "execution.failed" | "review.due")[];
            /** @enum {string} */
            kind: "email";
            name: string;
            /** @description One of your organisations (required when you have several) */
            organizationId?: string;
            recipients: string[];
        } | {
            enabled?: boolean;
            events: ("alert.fired" | "alert.resolved" | "execution.failed" | "review.due")[];
            /** @enum {string} */
            kind: "slack";
            name: string;
            /** @description One of your organisations (required when you have several) */
            organizationId?: string;
            /** Format: uri */
            url: string;
        };
        NotificationChannelPatch: {
            enabled?: boolean;
            events?: ("alert.fired" | "alert.resolved" | "execution.failed" | "review.due")[];
            name?: string;
            recipients?: string[];
            /** Format: uri */
            url?: string;
        };
        NotificationDelivery: {
            attempts: number;
            channelId: string;
            createdAt: string;
            event: string;
            id: string;
            lastError?: string;
            link: string;
            nextAttemptAt?: string;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            title: string;
        };
        Organization: {
            $id: string;
            /** @enum {string} */
            $type: "Organization";
            name: string;
        };
        ProgressReport: {
            progress: number;
        };
        RecoveryStrategy: {
            applicableErrors: string[];
            /** @description How often it was applied (each is an execution.recovery.applied event) */
            applications: number;
            createdAt: string;
            createdBy: string;
            description?: string;
            enabled: boolean;
            fallback?: {
                /** @description With task: the instance's input (default the failed step's input) */
                input?: {
                    [key: string]: unknown;
                };
                /** @description A task definition of the strategy's organisation: the failed step runs again as an instance of it, for a worker */
                task?: string;
                /** @description With task: a version or range (default the newest) */
                taskVersion?: string;
                /** @description The workflow started in its place (a child of the failed execution): a code workflow or a template of your organisation */
                workflow?: string;
            };
            /** @description The console's id for it */
            id: string;
            /** @description The id it was registered with (seed 002's id); REST and the SDK accept either */
            key: string;
            lastAppliedAt?: string;
            name: string;
            organizationId: string;
            priority: number;
            restore?: {
                /** @description "latest" (the default): the newest checkpoint; else a step id: the newest checkpoint taken at that step */
                checkpoint?: string;
                /** @description Restores of one execution by this strategy before it aborts instead (default 1) */
                maxRestores?: number;
            };
            retry?: {
                /** @description Each wait is this many times the one before (default 2) */
                backoffMultiplier?: number;
                maxRetries: number;
                /** @description ms: no wait is longer */
                maxRetryInterval?: number;
                /** @description ms before the first retry */
                retryInterval: number;
            };
            serviceId?: string;
            /** @enum {string} */
            type: "RETRY" | "SKIP" | "FALLBACK" | "ABORT" | "CHECKPOINT_RESTORE";
            updatedAt: string;
            workflow?: string;
        };
        RecoveryStrategyInput: {
            applicableErrors: string[];
            description?: string;
            /** @description Default true */
            enabled?: boolean;
            fallback?: {
                /** @description With task: the instance's input (default the failed step's input) */
                input?: {
                    [key: string]: unknown;
                };
                /** @description A task definition of the strategy's organisation: the failed step runs again as an instance of it, for a worker */
                task?: string;
                /** @description With task: a version or range (default the newest) */
                taskVersion?: string;
                /** @description The workflow started in its place (a child of the failed execution): a code workflow or a template of your organisation */
                workflow?: string;
            };
            /** @description The strategy's id in its organisation (seed 002: network_timeout_recovery); default a generated one */
            id?: string;
            name: string;
            /** @description Whose strategy it is (an organisation where you operate; required when there are several) */
            organizationId?: string;
            /** @description Lower first when several match (default 100) */
            priority?: number;
            restore?: {
                /** @description "latest" (the default): the newest checkpoint; else a step id: the newest checkpoint taken at that step */
                checkpoint?: string;
                /** @description Restores of one execution by this strategy before it aborts instead (default 1) */
                maxRestores?: number;
            };
            retry?: {
                /** @description Each wait is this many times the one before (default 2) */
                backoffMultiplier?: number;
                maxRetries: number;
                /** @description ms: no wait is longer */
                maxRetryInterval?: number;
                /** @description ms before the first retry */
                retryInterval: number;
            };
            /** @description Only executions of this service */
            serviceId?: string;
            /** @enum {string} */
            type: "RETRY" | "SKIP" | "FALLBACK" | "ABORT" | "CHECKPOINT_RESTORE";
            /** @description Only executions of this workflow (its key) */
            workflow?: string;
        };
        RecoveryStrategyPatch: {
            applicableErrors?: string[];
            description?: string | null;
            enabled?: boolean;
            fallback?: {
                /** @description With task: the instance's input (default the failed step's input) */
                input?: {
                    [key: string]: unknown;
                };
                /** @description A task definition of the strategy's organisation: the failed step runs again as an instance of it, for a worker */
                task?: string;
                /** @description With task: a version or range (default the newest) */
                taskVersion?: string;
                /** @description The workflow started in its place (a child of the failed execution): a code workflow or a template of your organisation */
                workflow?: string;
            } | null;
            name?: string;
            priority?: number;
            restore?: {
                /** @description "latest" (the default): the newest checkpoint; else a step id: the newest checkpoint taken at that step */
                checkpoint?: string;
                /** @description Restores of one execution by this strategy before it aborts instead (default 1) */
                maxRestores?: number;
            } | null;
            retry?: {
                /** @description Each wait is this many times the one before (default 2) */
                backoffMultiplier?: number;
                maxRetries: number;
                /** @description ms: no wait is longer */
                maxRetryInterval?: number;
                /** @description ms before the first retry */
                retryInterval: number;
            } | null;
            serviceId?: string | null;
            /** @enum {string} */
            type?: "RETRY" | "SKIP" | "FALLBACK" | "ABORT" | "CHECKPOINT_RESTORE";
            workflow?: string | null;
        };
        ReleaseResources: {
            /** @description Only these (default: all the step's) */
            resourceIds?: string[];
            /** @description Default "execution" */
            step?: string;
        };
        ReplayExecution: {
            /** @description The new execution's input (default: the original's) */
            input?: {
                [key: string]: unknown;
            };
            /** @description The workflow version to run (default: the original's) */
            version?: number;
        };
        RerunExecution: {
            /** @description The step to run again, with every step after it; the steps before it are carried over */
            fromStep: string;
        };
        Resource: {
            capacity: number;
            costPerUnit?: number;
            createdAt: string;
            /** @description Steps holding some now */
            holders: number;
            id: string;
            /** @description Held now (concurrent) or allocated within the window (rate) */
            inUse: number;
            /** @enum {string} */
            kind: "concurrent" | "rate";
            name: string;
            organizationId: string;
            /** @description What requirements name it by */
            type: string;
            unit: string;
            updatedAt: string;
            /** @description Amount asked for by steps waiting for it */
            waiting: number;
            waitingSteps: number;
            /** @description Rate-type: the refill window (ms) */
            window?: number;
        };
        ResourceAllocation: {
            /** @description What the step holds (allocated) */
            resources: {
                amount: number;
                id: string;
                name: string;
                type: string;
                unit: string;
            }[];
            /** @enum {string} */
            status: "allocated" | "waiting";
            waitingFor?: {
                ahead: number;
                name: string;
                resourceId: string;
            };
        };
        ResourceInput: {
            /** @description How much of it there is: at once (concurrent) or per window (rate) */
            capacity: number;
            /** @description Cost of one unit allocated */
            costPerUnit?: number;
            name: string;
            organizationId?: string;
            /** @description The resource type needed (a resource of the organisation's with this type) */
            type: string;
            /** @description Default "units" */
            unit?: string;
            /** @description Rate-type resources (tokens per minute): the refill window in ms; without it the capacity is held until released */
            window?: number;
        };
        ResourceRequirement: {
            /** @description Quantity required, more than 0 */
            amount: number;
            /** @description Additional requirements, kept with the allocation */
            constraints?: {
                [key: string]: unknown;
            };
            /** @description Expected usage duration (ms) */
            duration?: number;
            /** @description Allocation priority 0–10, higher first (default 5) */
            priority?: number;
            /** @description The resource type needed (a resource of the organisation's with this type) */
            type: string;
        };
        ResourceUsage: {
            /** @description Allocated (or asked for, while waiting) */
            amount: number;
            amountUsed: number;
            cost: number;
            /** @description amountUsed ÷ amount, 0–1 */
            efficiency: number;
            /** @description When it was released */
            endTime?: string;
            name: string;
            priority: number;
            /** @description Why it was released: completed, failed, cancelled, paused, … */
            reason?: string;
            requestedAt: string;
            resourceId: string;
            resourceType: string;
            /** @description When it was allocated */
            startTime?: string;
            /** @enum {string} */
            status: "waiting" | "allocated" | "released";
            stepId: string;
            unit: string;
        };
        ResourceUsageSeries: {
            /** @description The width of each bucket (ms) */
            bucketMs: number;
            from: string;
            /** @enum {string} */
            kind: "concurrent" | "rate";
            /**
             * @description Each point is its bucket's peak: the most in use, waiting (and steps waiting) at any instant of the bucket
             * @enum {string}
             */
            measure: "peak";
            name: string;
            points: {
                /** @description The bucket's start */
                at: string;
                /** @description The capacity in force as the bucket ends (a change does not rewrite the buckets before it) */
                capacity: number;
                /** @description Peak in use in the bucket */
                inUse: number;
                /** @description Peak amount waiting in the bucket */
                waiting: number;
                /** @description Most steps waiting at once in the bucket */
                waitingSteps: number;
            }[];
            resourceId: string;
            to: string;
            unit: string;
        };
        RestoreCheckpointInput: {
            /** @description Refuse with 409 unless the execution is in one of these statuses: the status the operator saw. Step progress and engine bookkeeping do not change it; the version does, many times a second. */
            expectedStatus?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
            /** @description Refuse with 409 unless the execution is at this version */
            expectedVersion?: number;
        };
        RetryInput: {
            /** @description Stop in status retry until its runner starts it (always so for an engine workflow: the engine starts it) */
            deferred?: boolean;
            /** @description Refuse with 409 unless the execution is in one of these statuses: the status the operator saw. Step progress and engine bookkeeping do not change it; the version does, many times a second. */
            expectedStatus?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
            /** @description Refuse with 409 unless the execution is at this version */
            expectedVersion?: number;
        };
        RetryPolicy: {
            /** @enum {string} */
            backoff: "linear" | "exponential" | "fibonacci";
            initialDelay: number;
            jitter?: boolean;
            maxDelay: number;
            maxRetries: number;
            retryableErrors?: ("SYSTEM_ERROR" | "TIMEOUT" | "OUT_OF_MEMORY" | "RATE_LIMIT_EXCEEDED" | "API_ERROR" | "API_TIMEOUT" | "API_UNAUTHORIZED" | "API_RATE_LIMIT" | "INTEGRATION_ERROR" | "WEBHOOK_ERROR" | "INVALID_INPUT" | "VALIDATION_ERROR" | "DATA_NOT_FOUND" | "DATABASE_ERROR" | "SERVICE_UNAVAILABLE" | "DEPENDENCY_ERROR" | "CONFIGURATION_ERROR" | "BUSINESS_RULE_VIOLATION" | "PERMISSION_DENIED" | "QUOTA_EXCEEDED" | "MODEL_ERROR" | "GENERATION_FAILED" | "CONTENT_POLICY_VIOLATION" | "CUSTOM_ERROR")[];
        };
        Runner: {
            dueAt?: string;
            /**
             * @description engine: a workflow a live engine worker runs; service: an outside service reporting over the API; none: a workflow no live worker runs
             * @enum {string}
             */
            kind: "engine" | "service" | "none";
            label: string;
            /** @description Running with no report since then, past the allowed silence */
            stalledSince?: string;
            /** @description What it waits for, when it waits */
            waiting?: string;
            /** @description Live engine workers that run its workflow */
            workers?: number;
            workflow?: {
                id: string;
                name: string;
                version: number;
            };
        };
        Service: {
            $id: string;
            /** @enum {string} */
            $type: "Service";
            description?: string;
            name: string;
            /** @description The organisation that provides it */
            provider?: string;
            retryPolicy?: components["schemas"]["RetryPolicy"];
        };
        ServiceExecution: {
            $id: string;
            /** @enum {string} */
            $type: "ServiceExecution";
            /** @description Lifecycle operations allowed from the current status */
            allowedOperations: string[];
            assignee?: components["schemas"]["ExecutionAssignee"];
            cancelReason?: string;
            checkpoints?: components["schemas"]["ExecutionCheckpoint"][];
            context?: {
                [key: string]: unknown;
            };
            correlationId: string;
            error?: components["schemas"]["ExecutionError"];
            logs?: components["schemas"]["ExecutionLog"][];
            metadata: {
                completedAt?: string;
                createdAt: string;
                environment?: string;
                /** @description When it failed (seed 004): set while its status is failed */
                failedAt?: string;
                /** @description Seed 004: its latest event, log line, progress or metrics report (of one execution read; a list row gives its latest change or report) */
                lastActivityAt?: string;
                startedAt?: string;
                updatedAt: string;
                version?: string;
            } & {
                [key: string]: unknown;
            };
            metrics?: components["schemas"]["ExecutionMetrics"];
            order: string;
            parentExecutionId?: string;
            /** @enum {string} */
            priority: "low" | "normal" | "high" | "urgent";
            progress: number;
            result?: components["schemas"]["ExecutionResult"];
            retryPolicy?: components["schemas"]["RetryPolicy"];
            rootExecutionId?: string;
            runner?: components["schemas"]["Runner"];
            /**
             * @description Seed 004's WorkflowRuntimeStatus (docs/workflows.md)
             * @enum {string}
             */
            runtimeStatus: "NotStarted" | "InProgress" | "Completed" | "Failed" | "Cancelled";
            service: string;
            /** @enum {string} */
            status: "queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry";
            steps?: components["schemas"]["ExecutionStep"][];
            tags: string[];
            timeout: number;
            /** @description Optimistic concurrency version; send it back as expectedVersion */
            version: number;
            webhooks?: {
                events: string[];
                /** @description The headers sent with each delivery: their names, each value shown as ******** (values are often credentials: like the secret, they are write-only) */
                headers?: {
                    [key: string]: string;
                };
                id?: string;
                retries?: number;
                /** @description The signing secret: in the answer that creates the webhook, never again */
                secret?: string;
                timeout?: number;
                url: string;
            }[];
            workflowTemplateVersionId?: string;
        };
        ServiceOrder: {
            $id: string;
            /** @enum {string} */
            $type: "ServiceOrder";
            createdAt: string;
            /** @description The customer organisation */
            customer: string;
            service: string;
            status: string;
        };
        SignalsInput: {
            /** @description The cursor of the previous answer (default: now) */
            since?: number;
            /** @description Default 20,000 */
            waitMs?: number;
        };
        StartWorkflow: {
            context?: {
                [key: string]: unknown;
            };
            correlationId?: string;
            /** @description The customer organisation the run is for: one of yours, or a customer of yours when you provide the service. Left out: your organisation when you have one; of several, the service's provider when it is one of them, otherwise it is required */
            customer?: string;
            input?: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            priority?: "low" | "normal" | "high" | "urgent";
            tags?: string[];
            /** @description A version of the workflow other than its newest */
            version?: number;
        };
        TaskComplete: {
            /** @description The token the claim gave */
            leaseToken: string;
            output?: unknown;
        };
        TaskDefinition: {
            $id: string;
            /** @enum {string} */
            $type: "TaskDefinition";
            createdAt: string;
            description: string;
            executionConfig: {
                executor: string;
            } & {
                [key: string]: unknown;
            };
            /** @description The task type workers serve */
            id: string;
            /** @description JSON Schema of its input */
            inputSchema?: unknown;
            metadata?: {
                [key: string]: unknown;
            };
            name: string;
            organization: string;
            /** @description JSON Schema of its output */
            outputSchema?: unknown;
            /** @description Seed 002's ResourceRequirements: what each attempt holds while it runs */
            resources?: {
                amount: number;
                constraints?: {
                    [key: string]: unknown;
                };
                duration?: number;
                priority?: number;
                type: string;
            }[];
            retryPolicy?: {
                backoffMultiplier?: number;
                maxRetries: number;
                maxRetryInterval?: number;
                retryableErrors?: string[];
                retryInterval: number;
            };
            /** @description ms */
            timeout: number;
            /** @enum {string} */
            type: "AUTOMATED" | "MANUAL" | "INTEGRATION";
            updatedAt: string;
            /** @description Semantic version; a published version never changes */
            version: string;
        };
        TaskDefinitionRegistration: {
            description?: string;
            /** @description Default { executor: "worker" } */
            executionConfig?: {
                environmentVariables?: {
                    [key: string]: string;
                };
                /** @description What runs it, e.g. "worker" or a pool name */
                executor: string;
                resourceRequirements?: {
                    cpu: string;
                    disk?: string;
                    memory: string;
                    timeoutSeconds: number;
                };
                securityContext?: {
                    permissions: string[];
                    runAs?: string;
                    /** @enum {string} */
                    securityLevel: "LOW" | "MEDIUM" | "HIGH";
                };
            };
            /** @description The task type workers serve, e.g. "send-email" */
            id: string;
            /** @description Default {} (anything) */
            inputSchema?: {
                [key: string]: unknown;
            } | boolean;
            metadata?: {
                [key: string]: unknown;
            };
            name: string;
            /** @description The organisation it belongs to (one where you may operate; required when there are several) */
            organizationId?: string;
            /** @description Default {} (anything) */
            outputSchema?: {
                [key: string]: unknown;
            } | boolean;
            /** @description Seed 002's ResourceRequirements: what each attempt holds while it runs (docs/resources.md) */
            resources?: components["schemas"]["ResourceRequirement"][];
            retryPolicy?: components["schemas"]["TaskRetryPolicy"];
            /** @description ms a task may run before it is TIMED_OUT */
            timeout: number;
            /**
             * @description Default AUTOMATED
             * @enum {string}
             */
            type?: "AUTOMATED" | "MANUAL" | "INTEGRATION";
            version: string;
        };
        TaskFail: {
            /** @description Seed 003's ErrorInfo: code, message, details, stack */
            error: {
                code: string;
                context?: {
                    [key: string]: unknown;
                };
                details?: {
                    [key: string]: unknown;
                };
                message: string;
                recoverable?: boolean;
                retryCount?: number;
                stack?: string;
                step?: string;
                timestamp?: string;
            };
            /** @description The token the claim gave */
            leaseToken: string;
        };
        TaskInstance: {
            $id: string;
            /** @enum {string} */
            $type: "TaskInstance";
            attempt: number;
            createdAt: string;
            error?: unknown;
            executionMetadata: {
                /** @description ms */
                duration: number | null;
                endTime: string | null;
                /** @description The host it ran on */
                executionEnvironment: string | null;
                startTime: string | null;
            };
            /** @description The worker that holds or held it */
            executorId: string | null;
            input?: unknown;
            output?: unknown;
            /** @enum {string} */
            priority: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
            retryCount: number;
            /** @enum {string} */
            status: "PENDING" | "ASSIGNED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED" | "TIMED_OUT";
            stepId: string;
            /** @description The task type (its definition's id) */
            task: string;
            taskDefinitionId: string;
            taskReference: string | null;
            /** @enum {string} */
            type: "AUTOMATED" | "MANUAL" | "INTEGRATION";
            updatedAt: string;
            /** @description The task definition version it runs */
            version: string;
            /** @description Its row version (changes with each transition) */
            version_: number;
            /** @description key@version of the workflow */
            workflowDefinitionId: string | null;
            /** @description Its execution */
            workflowInstanceId: string;
        };
        TaskLease: {
            /** @description The token the claim gave */
            leaseToken: string;
        };
        TaskRetryPolicy: {
            /** @description Default 2 */
            backoffMultiplier?: number;
            maxRetries: number;
            maxRetryInterval?: number;
            retryableErrors?: ("SYSTEM_ERROR" | "TIMEOUT" | "OUT_OF_MEMORY" | "RATE_LIMIT_EXCEEDED" | "API_ERROR" | "API_TIMEOUT" | "API_UNAUTHORIZED" | "API_RATE_LIMIT" | "INTEGRATION_ERROR" | "WEBHOOK_ERROR" | "INVALID_INPUT" | "VALIDATION_ERROR" | "DATA_NOT_FOUND" | "DATABASE_ERROR" | "SERVICE_UNAVAILABLE" | "DEPENDENCY_ERROR" | "CONFIGURATION_ERROR" | "BUSINESS_RULE_VIOLATION" | "PERMISSION_DENIED" | "QUOTA_EXCEEDED" | "MODEL_ERROR" | "GENERATION_FAILED" | "CONTENT_POLICY_VIOLATION" | "CUSTOM_ERROR")[];
            /** @description ms before the first retry */
            retryInterval: number;
        };
        TaskWorker: {
            $id: string;
            /** @enum {string} */
            $type: "TaskWorker";
            concurrency: number;
            hostname: string | null;
            /** @description Tasks it holds now */
            inFlight: number;
            lastSeenAt: string;
            /** @description Seen within three leases and not stopped */
            live: boolean;
            name: string;
            organization: string;
            startedAt: string;
            stoppedAt: string | null;
            /** @description The task types it serves */
            tasks: {
                task: string;
                versions?: string[];
            }[];
            version: string;
        };
        UpdateExecution: {
            assignee?: components["schemas"]["ExecutionAssignee"] & (Record<string, never> | null);
            context?: {
                [key: string]: unknown;
            };
            error?: components["schemas"]["ExecutionErrorInput"];
            /** @description Refuse with 409 unless the execution is at this version */
            expectedVersion?: number;
            /** @description Your own keys (environment and version are kept as columns); not the console's: createdAt, updatedAt, startedAt, completedAt, failedAt, lastActivityAt, replayOf */
            metadata?: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            priority?: "low" | "normal" | "high" | "urgent";
            progress?: number;
            reason?: string;
            result?: components["schemas"]["ExecutionResult"];
            retryPolicy?: components["schemas"]["RetryPolicy"] & (Record<string, never> | null);
            /** @enum {string} */
            status?: "queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry";
            tags?: string[];
            timeout?: number;
        };
        WatchMessage: {
            actor: {
                id: string;
                type: string;
            };
            data?: unknown;
            /** @description The event type as stored: execution.paused, execution.step.completed, … */
            event: string;
            /** @description Send it back as Last-Event-ID (or ?lastEventId=) to resume after it */
            eventId: number;
            executionId: string;
            /** @description The batch's lines, up to 100 */
            logs?: components["schemas"]["ExecutionLog"][];
            /** @description More lines than carried: read them from the logs API after the last one here */
            logsTruncated?: boolean;
            progress?: number;
            status?: string;
            step?: string;
            timestamp: string;
            /** @enum {string} */
            type: "progress" | "status_changed" | "step.started" | "step.completed" | "step.failed" | "log" | "completed" | "failed" | "cancelled" | "event";
            /** @description The execution's version after this event's change (live events; not in a replay) */
            version?: number;
        };
        Webhook: {
            /** @description The events to hear: the console's names, or seed 001's (created, started, progress, paused, resumed, completed, failed, cancelled, retry, status_changed, step.started, step.completed, step.failed), which are stored as the console's names they stand for */
            events: ("execution.created" | "execution.started" | "execution.progress" | "execution.paused" | "execution.resumed" | "execution.completed" | "execution.failed" | "execution.cancelled" | "execution.retry" | "execution.step.started" | "execution.step.completed" | "execution.step.failed" | "created" | "started" | "progress" | "paused" | "resumed" | "completed" | "failed" | "cancelled" | "retry" | "status_changed" | "step.started" | "step.completed" | "step.failed")[];
            headers?: {
                [key: string]: string;
            };
            retries?: number;
            secret?: string;
            timeout?: number;
            /** Format: uri */
            url: string;
        };
        WorkerInput: {
            concurrency: number;
            hostname?: string;
            name: string;
            /** @description Its organisation (one where you may operate; required when there are several) */
            organizationId?: string;
            /** @description The task types it serves */
            tasks: {
                task: string;
                /** @description The versions it serves (all when omitted) */
                versions?: string[];
            }[];
            /** @description The worker's own version (what it was deployed as) */
            version: string;
        };
        WorkerSignals: {
            /** @description Send as `since` next time */
            cursor: number;
            /** @description Why each stops: paused (its execution paused: the step runs again as a new task on resume), cancelled, execution-ended (failed or completed), timed-out (past its timeout), reassigned (its lease lapsed: another worker has it) */
            reasons: {
                [key: string]: "paused" | "cancelled" | "execution-ended" | "timed-out" | "reassigned";
            };
            /** @description Task ids to stop */
            stop: string[];
        };
        WorkflowDefinition: {
            createdAt: string;
            definition?: unknown;
            description: string | null;
            /** @description workflowTemplateVersionId: key@version */
            id: string;
            key: string;
            name: string;
            serviceId: string | null;
            version: number;
        };
        WorkflowTemplate: {
            /** @description key@version: what executions record as workflowTemplateVersionId */
            id: string;
            /** @description Who registered it; null for a workflow compiled into the console */
            organization: string | null;
            /** @description The template as registered (null for a workflow compiled into the console) */
            template: {
                [key: string]: unknown;
            } | null;
            version: number;
        };
        WorkflowTemplateInput: {
            /** @description Who runs its executions, for display (an AI agent, a team, a system) */
            assignee?: {
                capabilities?: string[];
                id?: string;
                model?: string;
                name?: string;
                /** @enum {string} */
                type: "ai-agent" | "human" | "hybrid" | "system";
                version?: string;
            };
            /** @description Defaults of __context__ */
            context?: {
                [key: string]: unknown;
            };
            description?: string;
            /** @description The workflow key; registering a changed template makes its next version */
            id: string;
            /** @description The execution's input, checked when it starts */
            inputSchema?: {
                [key: string]: unknown;
            } | boolean;
            name: string;
            /** @description The execution's result output: an expression over __steps__ and __context__ (default: every completed step's output) */
            output?: string;
            recovery?: {
                API_ERROR?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                API_RATE_LIMIT?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                API_TIMEOUT?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                API_UNAUTHORIZED?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                BUSINESS_RULE_VIOLATION?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                CONFIGURATION_ERROR?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                CONTENT_POLICY_VIOLATION?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                CUSTOM_ERROR?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                DATA_NOT_FOUND?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                DATABASE_ERROR?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                DEPENDENCY_ERROR?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                GENERATION_FAILED?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                INTEGRATION_ERROR?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                INVALID_INPUT?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                MODEL_ERROR?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                OUT_OF_MEMORY?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                PERMISSION_DENIED?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                QUOTA_EXCEEDED?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                RATE_LIMIT_EXCEEDED?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                SERVICE_UNAVAILABLE?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                SYSTEM_ERROR?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                TIMEOUT?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                VALIDATION_ERROR?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
                WEBHOOK_ERROR?: {
                    /** @enum {string} */
                    action: "RETRY";
                    policy: components["schemas"]["RetryPolicy"];
                } | {
                    /** @enum {string} */
                    action: "SKIP";
                } | {
                    /** @enum {string} */
                    action: "ABORT";
                } | {
                    /** @enum {string} */
                    action: "CHECKPOINT_RESTORE";
                };
            };
            retryPolicy?: components["schemas"]["RetryPolicy"];
            /** @description The service whose executions it runs */
            service: string;
            steps: components["schemas"]["WorkflowTemplateStep"][];
            /** @description The execution's result summary: an expression over __steps__ and __context__ giving text */
            summary?: string;
            timeout?: number;
        };
        WorkflowTemplateStep: {
            /** @description False: the step is disabled (seed 004 DISABLED) */
            activation?: string;
            /** @description human steps: who acts; task steps: who does the work, for display (an AI agent and its model, a system) */
            assignee?: {
                capabilities?: string[];
                id?: string;
                model?: string;
                name?: string;
                /** @enum {string} */
                type: "ai-agent" | "human" | "hybrid" | "system";
                version?: string;
            };
            /** @description sys.sub_workflow: each child's input, with `item` the element */
            childInput?: string;
            /** @description False: the step is skipped */
            condition?: string;
            /** @description Steps it waits for; without it the step before it (none for the first) */
            dependsOn?: string[];
            /** @description human steps: ms from its start until it is due */
            dueIn?: number;
            /** @description sys.wait: ms */
            duration?: number;
            /** @description sys.sub_workflow: a list; one child per element (without it, one child) */
            forEach?: string;
            id: string;
            /** @description Each field of the step's input as an expression; without it the execution's input */
            input?: {
                [key: string]: string;
            };
            name?: string;
            /** @description task steps: seed 003's taskReference, what the task is about for display (e.g. input.company) */
            reference?: string;
            /** @description Seed 002's ResourceRequirements: held from before each attempt until it ends; a task step without them takes its task definition's */
            resources?: components["schemas"]["ResourceRequirement"][];
            retryPolicy?: components["schemas"]["RetryPolicy"];
            /** @description task steps: the task definition it runs */
            task?: string;
            /** @description task steps: a version or range of the task definition (default: its newest when the template is registered) */
            taskVersion?: string;
            timeout?: number;
            /**
             * @description task: runs a task definition on a worker; human: waits for a person; sys.sub_workflow: starts child workflows; sys.wait: waits
             * @enum {string}
             */
            type: "task" | "human" | "sys.sub_workflow" | "sys.wait";
            /** @description sys.sub_workflow: the workflow each child runs */
            workflow?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAnalyticsBreakdown: {
        parameters: {
            query: {
                /** @description One row per service, or per workflow version */
                by: "service" | "workflow";
                /** @description Created at or after (ISO 8601 with a zone) */
                from?: string;
                /** @description A service id */
                service?: string;
                /** @description Created at or before (ISO 8601 with a zone) */
                to?: string;
                /** @description A workflow key (every version) or key@version */
                workflow?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Most executions first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsBreakdown"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAnalyticsSummary: {
        parameters: {
            query?: {
                /** @description Created at or after (ISO 8601 with a zone) */
                from?: string;
                /** @description A service id */
                service?: string;
                /** @description Created at or before (ISO 8601 with a zone) */
                to?: string;
                /** @description A workflow key (every version) or key@version */
                workflow?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The figures */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnalyticsSummary"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAuditEntries: {
        parameters: {
            query?: {
                /** @description e.g. execution.cancelled, execution.view, apiKey.revoked */
                action?: string;
                /** @description A user id or an API key id */
                actorId?: string;
                /** @description The previous page's nextCursor */
                before?: number;
                executionId?: string;
                /** @description Entries at or after this time */
                from?: string;
                limit?: number;
                /** @description Entries at or before this time */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of audit entries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The entries' users and API keys, by id, with their names (those of your organisations) */
                        actors: {
                            [key: string]: unknown;
                        };
                        /** @description The entries' executions, by id: the name of the workflow each runs (null when none) and of its service */
                        executions: {
                            [key: string]: {
                                service: string;
                                workflow: string | null;
                            };
                        };
                        items: unknown[];
                        nextCursor: number | null;
                        /** @description The names of your organisations, by id */
                        organizations: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listCustomers: {
        parameters: {
            query?: {
                /** @description The previous page's nextCursor */
                cursor?: string;
                limit?: number;
                /** @description Part of the name or id */
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of customers, by id */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Organization"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createCustomer: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCustomer"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The id is taken */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCustomer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A customer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listExecutions: {
        parameters: {
            query?: {
                assigneeType?: ("ai-agent" | "human" | "hybrid" | "system")[];
                correlationId?: string;
                costMax?: number;
                costMin?: number;
                createdFrom?: string;
                createdTo?: string;
                cursor?: string;
                errorCode?: string[] | null;
                /** @description Executions whose current failure is of this group */
                errorGroup?: string;
                limit?: number;
                notAssigneeType?: ("ai-agent" | "human" | "hybrid" | "system")[];
                notPriority?: ("low" | "normal" | "high" | "urgent")[];
                notService?: string[] | null;
                notStatus?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
                notTag?: string[] | null;
                order?: "asc" | "desc";
                parentExecutionId?: string;
                priority?: ("low" | "normal" | "high" | "urgent")[];
                /** @description A find() query as JSON (docs/api.md), e.g. {"metrics.cost":{"$gt":1}} */
                query?: string;
                /** @description Who runs it: engine (a live engine worker runs its workflow), service (an outside service over the API), none (its workflow has no live worker) */
                runner?: ("engine" | "service" | "none")[];
                /** @description Part of an id or service, or words of the error message, each matched from the beginning of a word (the message is encrypted at rest) */
                search?: string;
                service?: string[] | null;
                sort?: "createdAt" | "updatedAt" | "cost" | "tokensUsed" | "progress";
                /** @description Running executions silent past the allowed silence */
                stalled?: "true" | "false";
                status?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
                tag?: string[] | null;
                tokensMax?: number;
                tokensMin?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of executions, newest first by default */
            200: {
                headers: {
                    /** @description Accept: the answer depends on it */
                    Vary: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ServiceExecution"][];
                        nextCursor: string | null;
                    };
                    "application/ld+json": components["schemas"]["ExecutionActionList"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateExecution"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getExecution: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The execution */
            200: {
                headers: {
                    /** @description Accept: the answer depends on it */
                    Vary: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                    "application/ld+json": components["schemas"]["ExecutionAction"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateExecution: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateExecution"];
            };
        };
        responses: {
            /** @description The updated execution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listExecutionAlerts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ExecutionAlerts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionAlert"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setExecutionAlert: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExecutionAlertInput"];
            };
        };
        responses: {
            /** @description The alert, armed */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        condition: {
                            /** @description How long (ms) the condition must hold before it fires */
                            duration?: number;
                            /** @enum {string} */
                            metric: "cost" | "tokens" | "progress" | "duration" | "silence" | "status";
                            /** @enum {string} */
                            operator?: "gt" | "lt" | "eq" | "gte" | "lte";
                            statuses?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
                            threshold?: number;
                        };
                        createdAt: string;
                        createdBy: string;
                        executionId: string;
                        firedAt?: string;
                        id: string;
                        message?: string;
                        name?: string;
                        /** @description The measured value when it fired */
                        value?: number;
                        /** @description The webhook's signing secret (whsec_…), shown once */
                        webhookSecret?: string;
                        webhookUrl?: string;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    removeExecutionAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                alertId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The alert removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionAlert"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CancelInput"];
            };
        };
        responses: {
            /** @description The execution after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listExecutionCheckpoints: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Checkpoints */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionCheckpoint"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createExecutionCheckpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    metadata?: {
                        [key: string]: unknown;
                    };
                    /** @description The service's state; left out, the console takes one now from the execution's steps (seed 002's createCheckpoint) */
                    state?: {
                        completedSteps: string[];
                        currentStep: number;
                        pendingSteps: string[];
                        results: {
                            [key: string]: unknown;
                        };
                        totalSteps: number;
                        variables: {
                            [key: string]: unknown;
                        };
                    };
                    /** @description The step it is a checkpoint of (with `state`); left out, the running one */
                    step?: string;
                };
            };
        };
        responses: {
            /** @description The execution */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    restoreExecutionCheckpoint: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                checkpointId: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RestoreCheckpointInput"];
            };
        };
        responses: {
            /** @description The execution after the restore (status retry: its runner starts it) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    completeExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CompleteInput"];
            };
        };
        responses: {
            /** @description The execution after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listExecutionEvents: {
        parameters: {
            query?: {
                after?: number;
                before?: number;
                latest?: "true" | "false";
                limit?: number;
                /** @description Only this step's events (its attempts: started, completed, failed; its checkpoints, recoveries) */
                step?: string;
                /** @description Only events of these types, e.g. execution.replayed */
                type?: string[] | null;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ExecutionEvent"][];
                        nextCursor: number | null;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    failExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FailInput"];
            };
        };
        responses: {
            /** @description The execution after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    heartbeatExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The execution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listExecutionLogs: {
        parameters: {
            query?: {
                /** @description Return lines with id greater than this (cursor) */
                after?: number;
                /** @description Return the newest lines with id less than this (reading back from the tail) */
                before?: number;
                /** @description Return the newest lines (the tail) instead of the oldest */
                latest?: "true" | "false";
                level?: ("debug" | "info" | "warn" | "error")[];
                limit?: number;
                search?: string;
                step?: string[] | null;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Log lines in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ExecutionLog"][];
                        nextCursor: number | null;
                        olderCursor: number | null;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    appendExecutionLogs: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    logs: components["schemas"]["ExecutionLogInput"][];
                } | components["schemas"]["ExecutionLogInput"][] | components["schemas"]["ExecutionLogInput"];
            };
        };
        responses: {
            /** @description Appended */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        count: number;
                        firstId: number;
                        lastId: number;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getExecutionMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ExecutionMetrics */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionMetrics"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reportExecutionMetrics: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MetricsReport"];
            };
        };
        responses: {
            /** @description The execution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    pauseExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LifecycleInput"];
            };
        };
        responses: {
            /** @description The execution after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getExecutionProgress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ExecutionProgress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionProgress"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reportExecutionProgress: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProgressReport"];
            };
        };
        responses: {
            /** @description The execution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getExecutionWithRelations: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The execution with its relations */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionWithRelations"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    replayExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ReplayExecution"];
            };
        };
        responses: {
            /** @description The new execution */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No engine runs in this process */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getExecutionReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description ExecutionReport */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionReport"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rerunExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RerunExecution"];
            };
        };
        responses: {
            /** @description The new execution */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No engine runs in this process */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getExecutionResources: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Oldest request first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResourceUsage"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    allocateExecutionResources: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AllocateResources"];
            };
        };
        responses: {
            /** @description Allocated, or where it waits */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResourceAllocation"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    releaseExecutionResources: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReleaseResources"];
            };
        };
        responses: {
            /** @description How many allocations were released */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        released: number;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resumeExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LifecycleInput"];
            };
        };
        responses: {
            /** @description The execution after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    retryExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RetryInput"];
            };
        };
        responses: {
            /** @description The execution after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startExecution: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["LifecycleInput"];
            };
        };
        responses: {
            /** @description The execution after the change */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listExecutionSteps: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Steps in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionStep"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startExecutionStep: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    assignee?: {
                        capabilities?: string[];
                        id?: string;
                        model?: string;
                        name?: string;
                        /** @enum {string} */
                        type?: "ai-agent" | "human" | "hybrid" | "system";
                        version?: string;
                    };
                    dueAt?: string;
                    id: string;
                    input?: unknown;
                    metadata?: {
                        [key: string]: unknown;
                    };
                    name?: string;
                    type?: string;
                };
            };
        };
        responses: {
            /** @description The execution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    completeExecutionStep: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
                stepId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    metadata?: {
                        [key: string]: unknown;
                    };
                    output?: unknown;
                };
            };
        };
        responses: {
            /** @description The execution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    failExecutionStep: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
                stepId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    error: components["schemas"]["ExecutionErrorInput"];
                };
            };
        };
        responses: {
            /** @description The execution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    skipExecutionStep: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
                stepId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    disabled?: boolean;
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description The execution */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getExecutionSummary: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The summary */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecutionSummary"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    watchExecution: {
        parameters: {
            query?: {
                /** @description Resume after this event id (as the Last-Event-ID header does) */
                lastEventId?: string;
                /** @description monitor: seed 002's ExecutionUpdates instead (event: update, data: components.schemas.ExecutionUpdate), at most four a second, each covering the events since the previous one */
                view?: "events" | "monitor";
            };
            header?: {
                "last-event-id"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listExecutionWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Webhooks with deliveries: status code, latency and error of each attempt */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown[];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    watchExecutions: {
        parameters: {
            query?: {
                assigneeType?: ("ai-agent" | "human" | "hybrid" | "system")[];
                correlationId?: string;
                costMax?: number;
                costMin?: number;
                createdFrom?: string;
                createdTo?: string;
                errorCode?: string[] | null;
                /** @description Executions whose current failure is of this group */
                errorGroup?: string;
                /** @description Resume after this event id (as the Last-Event-ID header does) */
                lastEventId?: string;
                notAssigneeType?: ("ai-agent" | "human" | "hybrid" | "system")[];
                notPriority?: ("low" | "normal" | "high" | "urgent")[];
                notService?: string[] | null;
                notStatus?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
                notTag?: string[] | null;
                parentExecutionId?: string;
                priority?: ("low" | "normal" | "high" | "urgent")[];
                /** @description Who runs it: engine (a live engine worker runs its workflow), service (an outside service over the API), none (its workflow has no live worker) */
                runner?: ("engine" | "service" | "none")[];
                /** @description Part of an id or service, or words of the error message, each matched from the beginning of a word (the message is encrypted at rest) */
                search?: string;
                service?: string[] | null;
                /** @description Running executions silent past the allowed silence */
                stalled?: "true" | "false";
                status?: ("queued" | "starting" | "running" | "paused" | "completed" | "failed" | "cancelled" | "retry")[];
                tag?: string[] | null;
                tokensMax?: number;
                tokensMin?: number;
            };
            header?: {
                "last-event-id"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listNotificationChannels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The channels */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationChannel"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createNotificationChannel: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotificationChannelInput"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationChannel"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateNotificationChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["NotificationChannelPatch"];
            };
        };
        responses: {
            /** @description Changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationChannel"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteNotificationChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        deleted: true;
                        id: string;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listNotificationDeliveries: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationDelivery"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    testNotificationChannel: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationDelivery"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Only the unread ones */
                unreadOnly?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your notifications and how many are unread */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Notification"][];
                        unread: number;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    markNotificationsRead: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MarkNotificationsRead"];
            };
        };
        responses: {
            /** @description Marked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description How many of your notifications are unread now */
                        unread: number;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listOrders: {
        parameters: {
            query?: {
                /** @description The previous page's nextCursor */
                cursor?: string;
                customer?: string;
                limit?: number;
                service?: string;
                status?: "pending" | "confirmed" | "completed" | "cancelled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of orders */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ServiceOrder"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createOrder: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateServiceOrder"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceOrder"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An order with this id exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceOrder"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getOrganization: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An organisation */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Organization"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listRecoveryStrategies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RecoveryStrategies */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryStrategy"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    addRecoveryStrategy: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecoveryStrategyInput"];
            };
        };
        responses: {
            /** @description The strategy, registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryStrategy"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRecoveryStrategy: {
        parameters: {
            query?: {
                /** @description When {id} is a key that several of your organisations use (answered 409 naming them): the organisation whose strategy is meant */
                organizationId?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description RecoveryStrategy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryStrategy"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    removeRecoveryStrategy: {
        parameters: {
            query?: {
                /** @description When {id} is a key that several of your organisations use (answered 409 naming them): the organisation whose strategy is meant */
                organizationId?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The strategy removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryStrategy"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateRecoveryStrategy: {
        parameters: {
            query?: {
                /** @description When {id} is a key that several of your organisations use (answered 409 naming them): the organisation whose strategy is meant */
                organizationId?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecoveryStrategyPatch"];
            };
        };
        responses: {
            /** @description The strategy as changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryStrategy"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listResources: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description By name */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Resource"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createResource: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ResourceInput"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Resource"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getResource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The resource */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Resource"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteResource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateResource: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description How much of it there is: at once (concurrent) or per window (rate) */
                    capacity?: number;
                    /** @description Cost of one unit allocated */
                    costPerUnit?: number;
                    name?: string;
                    /** @description Default "units" */
                    unit?: string;
                    /** @description Rate-type resources (tokens per minute): the refill window in ms; without it the capacity is held until released */
                    window?: number | null;
                };
            };
        };
        responses: {
            /** @description The resource as changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Resource"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getResourceUsage: {
        parameters: {
            query?: {
                /** @description Buckets in the series, each a point with its peak (default 30) */
                buckets?: number;
                /** @description ISO 8601 with a zone (default: an hour before `to`) */
                from?: string;
                /** @description ISO 8601 with a zone (default: now) */
                to?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The series */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResourceUsageSeries"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listServices: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Services */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createService: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateService"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A service with this id exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getService: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A service */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Service"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    addServiceWebhook: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook"];
            };
        };
        responses: {
            /** @description The webhook, with its whsec_ secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTaskDefinitions: {
        parameters: {
            query?: {
                /** @description Only this task type */
                id?: string;
                /** @description Only the newest version of each */
                latest?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description By task type, newest version first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDefinition"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    registerTaskDefinition: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskDefinitionRegistration"];
            };
        };
        responses: {
            /** @description Already registered, unchanged */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDefinition"];
                };
            };
            /** @description Registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDefinition"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTaskDefinition: {
        parameters: {
            query?: {
                version?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDefinition"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listTasks: {
        parameters: {
            query?: {
                /** @description The next page: the $id of the last task instance of the page before (newest first) */
                before?: string;
                executionId?: string;
                limit?: number;
                status?: ("PENDING" | "ASSIGNED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELLED" | "TIMED_OUT")[];
                /** @description One step's attempts (with executionId) */
                stepId?: string;
                task?: string;
                workerId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Task instances (seed 003) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskInstance"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    completeTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskComplete"];
            };
        };
        responses: {
            /** @description The execution after the step completed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    failTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskFail"];
            };
        };
        responses: {
            /** @description The execution after the step failed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    heartbeatTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskLease"];
            };
        };
        responses: {
            /** @description Renewed, or stop */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        reason?: string;
                        stop: boolean;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startTask: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaskLease"];
            };
        };
        responses: {
            /** @description Running */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "RUNNING";
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Workers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskWorker"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    registerWorker: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkerInput"];
            };
        };
        responses: {
            /** @description The worker id, and how often to heartbeat */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        heartbeatMs: number;
                        id: string;
                        leaseMs: number;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    claimTasks: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ClaimInput"];
            };
        };
        responses: {
            /** @description Tasks now ASSIGNED to the worker (none when the wait ended empty) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ClaimedTask"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    workerSignals: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignalsInput"];
            };
        };
        responses: {
            /** @description Task ids to stop, and why */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkerSignals"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    stopWorker: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Stopped */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {boolean} */
                        stopped: true;
                    };
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkflowTemplates: {
        parameters: {
            query?: {
                /** @description Only this workflow key */
                id?: string;
                /** @description Only the newest version of each */
                latest?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description By key, newest version first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowTemplate"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    registerWorkflowTemplate: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkflowTemplateInput"];
            };
        };
        responses: {
            /** @description Unchanged: the newest version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowTemplate"];
                };
            };
            /** @description A new version */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowTemplate"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorkflowTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowTemplate"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkflows: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Definitions, newest version first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkflowDefinition"][];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorkflow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A workflow definition version (key@version, or its key alone for its newest version) with its steps */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BusinessWorkflow"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startWorkflow: {
        parameters: {
            query?: never;
            header?: {
                /** @description Done once: a retry with the same key and body gets the first answer (Idempotent-Replayed: true); kept an hour, per principal */
                "idempotency-key"?: string;
            };
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StartWorkflow"];
            };
        };
        responses: {
            /** @description Queued; the engine starts it by priority and age */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceExecution"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description An Idempotency-Key already used for another request */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No engine runs in this process */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLaunchForm: {
        parameters: {
            query?: {
                /** @description Default: the newest */
                version?: number;
            };
            header?: never;
            path: {
                workflow: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The launch form */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LaunchForm"];
                };
            };
            /** @description Invalid input; `field` names what was wrong */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Neither signed in nor an API key (Authorization: Bearer eck_…) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The role or key scope does not allow it, or a signed-in change came from another site */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such execution (or one of another organisation) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The lifecycle, an expectedStatus or an expectedVersion refused the change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Body larger than 1 MiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Past the API key's rate; Retry-After says when to try again */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
