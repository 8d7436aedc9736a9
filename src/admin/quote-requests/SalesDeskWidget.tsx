import * as React from 'react';
import { Box, Flex, Grid, Loader, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { DASHBOARD_PATH, QUOTE_REQUEST_UID } from './constants';

/** GET /api/quote-requests/dashboard (src/api/sales-desk): figures of the last `windowDays` days. */
interface SalesDashboard {
  openByModel: Record<string, number>;
  overdue: number;
  medianFirstResponseBusinessMinutes: number | null;
  withinPromiseRate: number | null;
  sampleSize: number;
  windowDays: number;
  asOf: string;
  /** Mails the outbox has not sent yet, by kind, and how long the oldest sales mail has waited. */
  mailQueue: {
    waiting: Record<'sales' | 'reminder' | 'alert' | 'confirmation', number>;
    oldestSalesWaitingSince: string | null;
    oldestSalesWaitingSeconds: number | null;
    unrouted: { models: string[]; waitingSales: number };
    /** Lead events for the CRM (LEAD_WEBHOOK_URL) not delivered yet, given up, and the oldest one's age. */
    leadEvents: {
      configured: boolean;
      waiting: number;
      failed: number;
      oldestWaitingSince: string | null;
      oldestWaitingSeconds: number | null;
    };
  };
  /** Whether this user may save the routing; if not, the names of those who may (Sales managers). */
  routing: { canEdit: boolean; askNames: string[] };
}

const ROUTING_EDIT_PATH = '/content-manager/single-types/api::quote-routing.quote-routing';

const QUEUE_KINDS = ['sales', 'reminder', 'alert', 'confirmation'] as const;

const MODEL_LABELS: Record<string, string> = { bpo: 'BPO', ito: 'ITO', kpo: 'KPO' };

const QUEUE_KIND_LABELS: Record<(typeof QUEUE_KINDS)[number], string> = {
  sales: 'Sales',
  reminder: 'Reminders',
  alert: 'Alerts',
  confirmation: 'Confirmations',
};

/**
 * The quote list, filtered as the dashboard counts overdue requests: still `new`, promised before the
 * figures' instant, not anonymised.
 */
const overdueListLink = (asOf: string) =>
  `/content-manager/collection-types/${QUOTE_REQUEST_UID}?${new URLSearchParams({
    'filters[$and][0][stage][$eq]': 'new',
    'filters[$and][1][expectedResponseBy][$lt]': asOf,
    'filters[$and][2][anonymizedAt][$null]': 'true',
    sort: 'expectedResponseBy:ASC',
    page: '1',
  }).toString()}`;

/** A figure under its label (the three key figures). */
const Figure = ({ label, value, testId }: { label: string; value: React.ReactNode; testId: string }) => (
  <Flex direction="column" alignItems="flex-start" gap={1} data-testid={testId}>
    <Typography variant="pi" textColor="neutral600">
      {label}
    </Typography>
    <Typography variant="omega" fontWeight="bold" tag="p">
      {value}
    </Typography>
  </Flex>
);

/** A count beside its label, several to a line (requests by model, mails by kind). */
const Count = ({ label, value, testId }: { label: string; value: React.ReactNode; testId: string }) => (
  <Flex gap={1} alignItems="baseline" data-testid={testId}>
    <Typography variant="pi" textColor="neutral600">
      {label}
    </Typography>
    <Typography variant="omega" fontWeight="bold" tag="p">
      {value}
    </Typography>
  </Flex>
);

/** A section's title, as Strapi's widgets write theirs. */
const SectionTitle = ({ children }: { children: React.ReactNode }) => (
  <Typography variant="sigma" textColor="neutral600" tag="h3">
    {children}
  </Typography>
);

/**
 * The sales desk at a glance on the admin home page (Super Admin and Sales: the widget asks for the
 * dashboard permission, and the server checks it again): open requests by model,
 * overdue ones (a link to them in the list), the median first response in business hours, the
 * share answered within the promise, and the outbox's backlog: mails waiting by kind and how long the
 * oldest sales mail has waited (a flood of submissions shows there before Sales miss a mail).
 * Strapi gives a widget's body 261 px: the figures are laid out to fit in it, the routing notice included,
 * so nothing is cut off at the bottom of the card.
 */
export const SalesDeskWidget = () => {
  const { formatMessage, formatNumber } = useIntl();
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data?: SalesDashboard; error?: string }>({});

  React.useEffect(() => {
    let live = true;
    get<{ data: SalesDashboard }>(DASHBOARD_PATH)
      .then(({ data }) => live && setState({ data: data.data }))
      .catch((error: unknown) => {
        const message =
          (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ??
          (error instanceof Error ? error.message : String(error));
        if (live) setState({ error: message });
      });
    return () => {
      live = false;
    };
  }, [get]);

  if (state.error) {
    return (
      <Typography textColor="danger600" role="alert">
        {state.error}
      </Typography>
    );
  }
  const { data } = state;
  if (!data) {
    return (
      <Flex justifyContent="center" padding={4}>
        <Loader small>{formatMessage({ id: 'sales-desk.widget.loading', defaultMessage: 'Loading…' })}</Loader>
      </Flex>
    );
  }

  const median = data.medianFirstResponseBusinessMinutes;
  const medianText =
    median === null
      ? formatMessage({ id: 'sales-desk.widget.notEnough', defaultMessage: 'not enough answers yet' })
      : formatMessage(
          { id: 'sales-desk.widget.duration', defaultMessage: '{hours} h {minutes} min' },
          { hours: Math.floor(median / 60), minutes: String(median % 60).padStart(2, '0') }
        );
  /** An age in seconds, as the desk reads it: seconds, then minutes, then hours and minutes. */
  const waitingAge = (seconds: number): string =>
    seconds < 60
      ? formatMessage({ id: 'sales-desk.widget.age.seconds', defaultMessage: '{seconds} s' }, { seconds })
      : seconds < 3600
        ? formatMessage(
            { id: 'sales-desk.widget.age.minutes', defaultMessage: '{minutes} min' },
            { minutes: Math.floor(seconds / 60) }
          )
        : formatMessage(
            { id: 'sales-desk.widget.duration', defaultMessage: '{hours} h {minutes} min' },
            {
              hours: Math.floor(seconds / 3600),
              minutes: String(Math.floor((seconds % 3600) / 60)).padStart(2, '0'),
            }
          );
  const rateText =
    data.withinPromiseRate === null
      ? '–'
      : formatNumber(data.withinPromiseRate, { style: 'percent', maximumFractionDigits: 0 });

  const { unrouted } = data.mailQueue;
  const modelName = (model: string): string =>
    model === 'undecided'
      ? formatMessage({ id: 'sales-desk.widget.undecided', defaultMessage: 'Undecided' })
      : (MODEL_LABELS[model] ?? model);
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="sales-desk-widget">
      {unrouted.waitingSales > 0 && (
        <Box
          background="danger100"
          paddingLeft={2}
          paddingRight={2}
          paddingTop={1}
          paddingBottom={1}
          hasRadius
          data-testid="unrouted-notice"
          role="alert"
        >
          <Typography variant="pi" textColor="danger700">
            {formatMessage(
              {
                id: 'sales-desk.widget.unrouted',
                defaultMessage:
                  '{count, plural, one {# sales mail waits} other {# sales mails wait}}: no address for {models}.',
              },
              {
                count: unrouted.waitingSales,
                models: unrouted.models.map(modelName).join(', '),
              }
            )}{' '}
            {data.routing.canEdit ? (
              <Link to={ROUTING_EDIT_PATH} data-testid="unrouted-routing-link">
                {formatMessage({ id: 'sales-desk.widget.unrouted.link', defaultMessage: 'Fill in the routing' })}
              </Link>
            ) : (
              <span data-testid="unrouted-ask">
                {data.routing.askNames.length > 0
                  ? formatMessage(
                      {
                        id: 'sales-desk.widget.unrouted.ask',
                        defaultMessage: 'Ask {names} to fill in the routing.',
                      },
                      { names: data.routing.askNames.join(', ') }
                    )
                  : formatMessage({
                      id: 'sales-desk.widget.unrouted.askManager',
                      defaultMessage: 'Ask a sales manager to fill in the routing.',
                    })}
              </span>
            )}
          </Typography>
        </Box>
      )}
      <Box>
        <SectionTitle>
          {formatMessage({ id: 'sales-desk.widget.open', defaultMessage: 'Open requests by model' })}
        </SectionTitle>
        <Flex gap={4} wrap="wrap">
          {Object.entries(data.openByModel).map(([model, count]) => (
            <Count key={model} testId={`open-${model}`} label={modelName(model)} value={count} />
          ))}
        </Flex>
      </Box>
      <Grid.Root gap={2}>
        <Grid.Item col={4} s={12}>
          <Figure
            testId="overdue"
            label={formatMessage({ id: 'sales-desk.widget.overdue', defaultMessage: 'Overdue' })}
            value={
              data.overdue > 0 ? (
                <Link to={overdueListLink(data.asOf)} data-testid="overdue-link">
                  {data.overdue}
                </Link>
              ) : (
                0
              )
            }
          />
        </Grid.Item>
        <Grid.Item col={4} s={12}>
          <Figure
            testId="median"
            label={formatMessage(
              { id: 'sales-desk.widget.median', defaultMessage: 'Median first response ({days} days)' },
              { days: data.windowDays }
            )}
            value={medianText}
          />
        </Grid.Item>
        <Grid.Item col={4} s={12}>
          <Figure
            testId="within-promise"
            label={formatMessage({ id: 'sales-desk.widget.within', defaultMessage: 'Answered within the promise' })}
            value={rateText}
          />
        </Grid.Item>
      </Grid.Root>
      <Box>
        <SectionTitle>
          {formatMessage({ id: 'sales-desk.widget.mailQueue', defaultMessage: 'Mails waiting to be sent' })}
        </SectionTitle>
        <Flex gap={4} wrap="wrap">
          {QUEUE_KINDS.map((kind) => (
            <Count
              key={kind}
              testId={`mail-queue-${kind}`}
              label={formatMessage({
                id: `sales-desk.widget.mailQueue.${kind}`,
                defaultMessage: QUEUE_KIND_LABELS[kind],
              })}
              value={data.mailQueue.waiting[kind]}
            />
          ))}
        </Flex>
        <Typography variant="pi" textColor="neutral600" tag="p" data-testid="mail-queue-oldest-sales">
          {data.mailQueue.oldestSalesWaitingSeconds === null
            ? formatMessage({
                id: 'sales-desk.widget.mailQueue.noSalesWaiting',
                defaultMessage: 'No sales mail waiting.',
              })
            : formatMessage(
                {
                  id: 'sales-desk.widget.mailQueue.oldestSales',
                  defaultMessage: 'Oldest sales mail waiting for {age}.',
                },
                { age: waitingAge(data.mailQueue.oldestSalesWaitingSeconds) }
              )}
        </Typography>
      </Box>
      {data.mailQueue.leadEvents.configured && (
        <Box>
          <Typography variant="sigma" textColor="neutral600">
            {formatMessage({ id: 'sales-desk.widget.leadEvents', defaultMessage: 'Lead events for the CRM' })}
          </Typography>
          <Grid.Root gap={2} marginTop={2}>
            <Grid.Item col={3} s={6}>
              <Figure
                testId="lead-events-waiting"
                label={formatMessage({ id: 'sales-desk.widget.leadEvents.waiting', defaultMessage: 'Waiting' })}
                value={data.mailQueue.leadEvents.waiting}
              />
            </Grid.Item>
            <Grid.Item col={3} s={6}>
              <Figure
                testId="lead-events-failed"
                label={formatMessage({ id: 'sales-desk.widget.leadEvents.failed', defaultMessage: 'Failed' })}
                value={data.mailQueue.leadEvents.failed}
              />
            </Grid.Item>
          </Grid.Root>
          <Typography variant="pi" textColor="neutral600" tag="p" data-testid="lead-events-oldest">
            {data.mailQueue.leadEvents.oldestWaitingSeconds === null
              ? formatMessage({
                  id: 'sales-desk.widget.leadEvents.noneWaiting',
                  defaultMessage: 'No lead event waiting.',
                })
              : formatMessage(
                  {
                    id: 'sales-desk.widget.leadEvents.oldest',
                    defaultMessage: 'Oldest lead event waiting for {age}.',
                  },
                  { age: waitingAge(data.mailQueue.leadEvents.oldestWaitingSeconds) }
                )}
          </Typography>
        </Box>
      )}
      <Typography variant="pi" textColor="neutral600">
        {formatMessage(
          {
            id: 'sales-desk.widget.footnote',
            defaultMessage:
              'Business hours of the sales desk; {count, plural, one {# answer} other {# answers}} measured.',
          },
          { count: data.sampleSize }
        )}
      </Typography>
    </Flex>
  );
};
