/** The usage text: the CLI's contract as an admin reads it (README "CLI" says the same). */
export const USAGE = `Usage: m365-impressions <command> [options]

  users       --out <file.xlsx> [--licensed yes|no] [--mfa registered|not-registered]
              [--inactive-days N] [--guests include|exclude|only] [--mfa-not-enforced]
              [--clicked] [--compromised] [--repeat-offenders] [--never-simulated]
              [--training-overdue] [--training-incomplete] [--columns key,key,...]
              [--cache <dir>]
                Every user with every column ("Export all"); with a filter, the filtered
                view with the default columns ("Export view"). Filters combine (all must
                hold): --mfa-not-enforced --mfa not-registered is "MFA not enforced and
                not registered". --columns: these columns, in this order. --cache: keep
                the user list (directory fields only, no token) in <dir>, one file per
                tenant and account (readable by this account only); the next run asks
                Graph only what changed since (/users/delta). Licences, MFA and
                activity are read every run.
  impression  --user <upn|id> --out <file.xlsx> [--period D7|D30|D90|D180]
                One user's impression workbook (default period D30).
  joiners     [--days 7|30|90] [--out <file.xlsx>]
                Joiners: hire dates within N days of today (either side), and accounts
                without a hire date created in that window, with manager, licences, MFA,
                last sign-in, groups and devices; a Notes sheet says what could not be
                read. Default 30 days.
  leavers     [--days 7|30|90] [--out <file.xlsx>]
                Leavers: leave dates within N days (needs User-LifeCycleInfo.Read.All),
                and accounts that look left behind (disabled but licensed or in groups,
                licensed with no sign-in or activity for 90+ days), each with why and
                what it still holds. Default 30 days.
  offboard    --user <upn>[,<upn>...] [--steps block,revoke,licenses,groups,methods,
              devices-retire|devices-wipe] [--except <target>[,<upn|id>:<target>...]]
              [--apply] [--out <record.xlsx>]
                Without --apply: print the offboarding plan and change nothing. With --apply:
                block sign-in, then revoke sessions, then the rest (a person whose block
                fails keeps the rest for another run), and write the record workbook
                (default offboarding-<upn>-{today}.xlsx). Default steps: block, revoke,
                licenses, groups; methods and devices only when named. --except leaves steps
                alone by target (group id, skuId, method or device id, account, sessions).
                A personal device is retired, never wiped. Exit 6 when done in part.
  licences    [--prices prices.json] [--out <file.xlsx>]
                Every subscribed licence (purchased, suspended, warning, assigned,
                available), its holders (direct or through a group) and its waste
                (disabled, inactive 30/90/180 days, never signed in, overlapping products,
                guests with paid licences); with --prices, the monthly cost and what the
                waste costs, per currency.
  snapshot    --site <url> | --to <history.jsonl>
                Take today's snapshot of tenant-wide figures into the shared store (the
                list "M365 Impressions history" of the site, or a local file); on first use
                the history is filled with six months from Graph's trend reports. At most
                one a day.
  history     --site <url> | --file <history.jsonl> [--from YYYY-MM-DD] [--to YYYY-MM-DD]
              --out <file.xlsx>
                The kept history's series (licences, waste cost, MFA coverage, active
                users), as the charts export them. Exit 4 when there is no history yet.
  dashboard   --site <url> | --to <history.jsonl>
                Publish the usage overview's tenant-wide figures (180 days) for visitors
                without a report role, as "Publish for visitors" does. Exit 6 when some
                tiles are left out.
  report      <function> [--period D7|D30|D90|D180 | --date YYYY-MM-DD | --days-back N |
              (--from YYYY-MM-DD | --from-days-back N) (--to YYYY-MM-DD | --to-days-back N)]
              --out <file.xlsx|file.csv>
                One usage report, read as v1.0 CSV. Days within Graph's last 30 (UTC);
                days back count from today (0 is today). A range (detail reports) is read
                day by day, its rows merged under a leading Report Date column.
  reports     The report catalog (function, workload, kind, parameters, retired).
  publish     --site <https://contoso.sharepoint.com/sites/it> [--period D30[,D90...]]
              [--reports fn,fn,...]
                Read the per-user detail reports the web part's Users view and impressions
                need (default: its 9 workload reports and getOffice365ActiveUserDetail, for
                each period, default D30, and the active-user report for D180 as the Users
                view reads it), each as one v1.0 CSV download, and keep a copy of each in
                the site's library "M365 Impressions relay" (created on first use, with
                permissions of its own), which the web part reads before Graph. One line
                per report; exit 6 when some were published and some not.
  schedule    --print cron|windows|github|azure <command...>
                Print a crontab entry, a Task Scheduler XML to import, a GitHub Actions
                workflow or an Azure Pipelines pipeline that runs the command weekly
                (snapshot and dashboard: daily at 07:00), with how it signs in (no secret
                in it). E.g. schedule --print cron
                report getEmailActivityUserDetail --days-back 2 --out 'email-{param}.xlsx'
  login       [--client-id <id>] [--tenant <id>] [--browser] [--allow-unencrypted-cache]
                Sign in once (device code; --browser: the system browser) and keep the
                sign-in for later runs, which refresh it silently until the refresh token
                expires: an authentication record (no token) in the config folder, the
                token cache in the OS secret store. --client-id: your organisation's own
                app registration (default: @azure/identity's public client).
                --allow-unencrypted-cache: where there is no secret store, keep the cache
                in a file only you can read; RISK: a readable refresh token on disk, which
                anyone who can read the file or a backup of it can use until it expires.
  logout      Forget the saved sign-in: its record and its tokens.

Options:
  --graph-url <url>  Graph endpoint (default https://graph.microsoft.com; national clouds, proxies)
  --token <token>    Bearer token (else GRAPH_TOKEN; else AZURE_TENANT_ID + AZURE_CLIENT_ID +
                     AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH; else the sign-in
                     saved by login; else device-code sign-in when a terminal is attached).
                     publish also needs SharePoint's token: the same sign-in asks for it, or
                     SHAREPOINT_TOKEN with --token / GRAPH_TOKEN
  --demo             Run against a demo tenant started in-process
  --log <file>       Append the run to <file> as JSON lines: each Graph request (method,
                     path, status, ms), waits, warnings and the result; never a token
  --json             Print a one-line JSON summary on stdout
  --quiet            No progress or warnings on stderr (errors still)
  --verbose          Stack traces with errors
  --help             This text

In --out and --log, {today} is the run's date (YYYY-MM-DD) and, for report, {param} the
period, day or range read, as the web part names its exports.

Exit codes: 0 done, 2 usage, 3 sign-in or permission, 4 user or report not found,
5 throttled beyond retries, 6 done in part (publish: some reports published, some not)
(offboard: some steps done, some failed),
1 anything else.
`;
