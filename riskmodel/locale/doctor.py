"""Strings of ``python -m riskmodel doctor``: what each check found, and how to fix it."""

_ENV = "/etc/risikovaerkstedet/risikovaerkstedet.env"

STRINGS = {
    "doctor.mark.ok": ("OK", "OK"),
    "doctor.mark.fail": ("FEJL", "FAIL"),
    "doctor.fix": ("Sådan retter du det", "How to fix it"),
    "doctor.summary.ok": ("Alle {n} kontroller holder.", "All {n} checks hold."),
    "doctor.summary.fail": ("{failed} af {n} kontroller fejler.", "{failed} of {n} checks fail."),
    "doctor.every_address": ("alle netværksadresser", "every network address"),
    "doctor.via_snapshot": (
        " (kontrolleret på en kopi, som den kørende app tog til formålet)",
        " (checked on a copy the running app took for the purpose)",
    ),
    # sign-in and address
    "doctor.auth_mode.ok": ("Login-tilstand: {mode}.", "Sign-in mode: {mode}."),
    "doctor.auth_mode.bad": ("Ukendt login-tilstand RISK_AUTH={mode}.", "Unknown sign-in mode RISK_AUTH={mode}."),
    "doctor.auth_mode.bad.fix": (
        f"Sæt RISK_AUTH til en af {{modes}} i {_ENV}; på en server local eller oidc.",
        f"Set RISK_AUTH to one of {{modes}} in {_ENV}; on a server local or oidc.",
    ),
    "doctor.address.ok": (
        "Appen lytter kun på denne maskine ({address}); login-tilstand {mode}.",
        "The app listens on this machine only ({address}); sign-in mode {mode}.",
    ),
    "doctor.address.none_open": (
        "Appen kører uden login (RISK_AUTH=none), men lytter på {address}: andre maskiner kunne nå den.",
        "The app runs without sign-in (RISK_AUTH=none) but listens on {address}: other machines could reach it.",
    ),
    "doctor.address.none_open.fix": (
        f"Slå login til (RISK_AUTH=local eller oidc i {_ENV}), og lad appen lytte på 127.0.0.1 "
        "(STREAMLIT_SERVER_ADDRESS=127.0.0.1) bag proxyen.",
        f"Turn on sign-in (RISK_AUTH=local or oidc in {_ENV}) and let the app listen on 127.0.0.1 "
        "(STREAMLIT_SERVER_ADDRESS=127.0.0.1) behind the proxy.",
    ),
    "doctor.address.open": (
        "Appen lytter på {address}: uden om proxyen, dvs. uden TLS og uden proxyens sikkerhedsheadere.",
        "The app listens on {address}: around the proxy, i.e. without TLS and the proxy's security headers.",
    ),
    "doctor.address.open.fix": (
        f"Sæt STREAMLIT_SERVER_ADDRESS=127.0.0.1 i {_ENV}, og lad kun nginx (deploy/nginx-risikovaerkstedet.conf) "
        "tage imod forbindelser udefra.",
        f"Set STREAMLIT_SERVER_ADDRESS=127.0.0.1 in {_ENV} and let only nginx (deploy/nginx-risikovaerkstedet.conf) "
        "accept connections from outside.",
    ),
    # secrets
    "doctor.cookie_secret.ok": ("{where} er sat.", "{where} is set."),
    "doctor.cookie_secret.missing": (
        "{where} mangler eller er kortere end {length} tegn.",
        "{where} is missing or shorter than {length} characters.",
    ),
    "doctor.cookie_secret.missing.fix": (
        "Dan en hemmelighed med `python3 -c \"import secrets; print(secrets.token_urlsafe(48))\"` og sæt {where} "
        f"(i {_ENV} for local, i secrets.toml for oidc).",
        "Make a secret with `python3 -c \"import secrets; print(secrets.token_urlsafe(48))\"` and set {where} "
        f"(in {_ENV} for local, in secrets.toml for oidc).",
    ),
    "doctor.oidc_settings.ok": ("OIDC-indstillingerne i [auth] er udfyldt ({files}).",
                                "The OIDC settings in [auth] are filled in ({files})."),
    "doctor.oidc_settings.missing": (
        "[auth] mangler {keys} ({files}).",
        "[auth] lacks {keys} ({files}).",
    ),
    "doctor.oidc_settings.missing.fix": (
        "Udfyld [auth] i secrets.toml som i deploy/secrets.example.toml: redirect_uri "
        "(https://<værtsnavn>/oauth2callback), client_id, client_secret og server_metadata_url fra Entra ID "
        "(https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration) og cookie_secret.",
        "Fill in [auth] in secrets.toml as in deploy/secrets.example.toml: redirect_uri "
        "(https://<host>/oauth2callback), client_id, client_secret and server_metadata_url from Entra ID "
        "(https://login.microsoftonline.com/<tenant>/v2.0/.well-known/openid-configuration) and cookie_secret.",
    ),
    "doctor.oidc_settings.bad": (
        "[auth] har ugyldige værdier i {keys} ({files}).",
        "[auth] has invalid values in {keys} ({files}).",
    ),
    "doctor.oidc_settings.bad.fix": (
        "redirect_uri skal være https://<værtsnavn>/oauth2callback, og server_metadata_url skal begynde med https://.",
        "redirect_uri must be https://<host>/oauth2callback, and server_metadata_url must start with https://.",
    ),
    "doctor.secrets_file.ok": ("Hemmelighedsfilen {path} kan kun læses af tjenesten.",
                               "The secrets file {path} is readable by the service only."),
    "doctor.secrets_file.missing": ("Hemmelighedsfilen {path} findes ikke.", "The secrets file {path} does not exist."),
    "doctor.secrets_file.missing.fix": (
        "Kopiér deploy/secrets.example.toml til filen, udfyld den, og sæt RISK_SECRETS_FILE til dens sti.",
        "Copy deploy/secrets.example.toml to the file, fill it in and set RISK_SECRETS_FILE to its path.",
    ),
    "doctor.secrets_file.invalid": ("Hemmelighedsfilen {path} er ikke gyldig TOML: {error}.",
                                    "The secrets file {path} is not valid TOML: {error}."),
    "doctor.secrets_file.invalid.fix": (
        "Ret filen (sammenlign med deploy/secrets.example.toml); tekstværdier skal stå i anførselstegn.",
        "Correct the file (compare with deploy/secrets.example.toml); text values must be in quotes.",
    ),
    "doctor.secrets_file.unreadable": ("Hemmelighedsfilen {path} kan ikke læses af denne bruger.",
                                       "The secrets file {path} cannot be read by this user."),
    "doctor.secrets_file.unreadable.fix": (
        "Giv tjenestens gruppe læseret: `chown root:risiko {path} && chmod 640 {path}`, og kør doctor som "
        "tjenestens bruger.",
        "Give the service's group read access: `chown root:risiko {path} && chmod 640 {path}`, and run doctor as "
        "the service's user.",
    ),
    "doctor.secrets_file.world": ("Hemmelighedsfilen {path} kan læses af alle (rettigheder {mode}).",
                                  "The secrets file {path} is readable by everyone (mode {mode})."),
    "doctor.secrets_file.world.fix": ("`chmod 640 {path}` (og `chown root:risiko {path}`).",
                                      "`chmod 640 {path}` (and `chown root:risiko {path}`)."),
    "doctor.audit_key.ok": ("Nøglen til revisionssporet {path} kan kun læses af tjenesten.",
                            "The audit trail's key {path} is readable by the service only."),
    "doctor.audit_key.unset": (
        "Der er ingen nøgle til revisionssporet (RISK_AUDIT_KEY_FILE eller [audit] key_file i secrets.toml).",
        "There is no key for the audit trail (RISK_AUDIT_KEY_FILE or [audit] key_file in secrets.toml).",
    ),
    "doctor.audit_key.unset.fix": (
        "Dan en nøgle uden for koden og databasen: `head -c 32 /dev/urandom | base64 > "
        "/etc/risikovaerkstedet/audit.key && chown root:risiko /etc/risikovaerkstedet/audit.key && chmod 640 "
        f"/etc/risikovaerkstedet/audit.key`, og sæt RISK_AUDIT_KEY_FILE til stien i {_ENV}. Tag en kopi af nøglen "
        "sammen med sikkerhedskopierne, men et andet sted.",
        "Make a key outside the code and the database: `head -c 32 /dev/urandom | base64 > "
        "/etc/risikovaerkstedet/audit.key && chown root:risiko /etc/risikovaerkstedet/audit.key && chmod 640 "
        f"/etc/risikovaerkstedet/audit.key`, and set RISK_AUDIT_KEY_FILE to its path in {_ENV}. Keep a copy of the "
        "key with the backups, but elsewhere.",
    ),
    "doctor.audit_key.missing": ("Nøglefilen til revisionssporet {path} findes ikke.",
                                 "The audit trail's key file {path} does not exist."),
    "doctor.audit_key.missing.fix": (
        "Dan nøglen (`head -c 32 /dev/urandom | base64 > {path}`, `chown root:risiko {path}`, `chmod 640 {path}`), "
        "eller ret RISK_AUDIT_KEY_FILE til den rigtige sti.",
        "Make the key (`head -c 32 /dev/urandom | base64 > {path}`, `chown root:risiko {path}`, `chmod 640 {path}`), "
        "or correct RISK_AUDIT_KEY_FILE to the right path.",
    ),
    "doctor.audit_key.unreadable": ("Nøglefilen til revisionssporet {path} kan ikke læses af denne bruger.",
                                    "The audit trail's key file {path} cannot be read by this user."),
    "doctor.audit_key.unreadable.fix": (
        "`chown root:risiko {path} && chmod 640 {path}`, og kør doctor som tjenestens bruger.",
        "`chown root:risiko {path} && chmod 640 {path}`, and run doctor as the service's user.",
    ),
    "doctor.audit_key.world": ("Nøglefilen til revisionssporet {path} kan læses af alle (rettigheder {mode}).",
                               "The audit trail's key file {path} is readable by everyone (mode {mode})."),
    "doctor.audit_key.world.fix": (
        "`chmod 640 {path}`. Nøglen har kunnet læses af andre: dan en ny og følg vejledningen om skift af nøgle.",
        "`chmod 640 {path}`. Others could read the key: make a new one and follow the key rotation guidance.",
    ),
    "doctor.audit_key.short": ("Nøglefilen til revisionssporet {path} er kortere end {length} tegn.",
                               "The audit trail's key file {path} is shorter than {length} characters."),
    "doctor.audit_key.short.fix": ("Dan en ny nøgle: `head -c 32 /dev/urandom | base64 > {path}`.",
                                   "Make a new key: `head -c 32 /dev/urandom | base64 > {path}`."),
    # the database
    "doctor.database.ok": ("Databasen {path} findes og kan skrives.", "The database {path} exists and is writable."),
    "doctor.database.missing": ("Databasen {path} findes ikke.", "The database {path} does not exist."),
    "doctor.database.missing.fix": (
        "Opret den som tjenestens bruger: `python -m riskmodel init --db {path}` (eller gendan en sikkerhedskopi), "
        "og ret RISK_DB, hvis stien er forkert.",
        "Create it as the service's user: `python -m riskmodel init --db {path}` (or restore a backup), and "
        "correct RISK_DB if the path is wrong.",
    ),
    "doctor.database.readonly": ("{path} kan ikke læses og skrives af denne bruger.",
                                 "{path} cannot be read and written by this user."),
    "doctor.database.readonly.fix": (
        "`chown -R risiko:risiko {path}`; i systemd-enheden skal mappen stå i ReadWritePaths (eller StateDirectory). "
        "Kør doctor som tjenestens bruger.",
        "`chown -R risiko:risiko {path}`; in the systemd unit the folder must be in ReadWritePaths (or "
        "StateDirectory). Run doctor as the service's user.",
    ),
    "doctor.database.unopenable": ("Databasen {path} kunne ikke åbnes til kontrol: {error}",
                                   "The database {path} could not be opened to check it: {error}"),
    "doctor.database.unopenable.fix": (
        "Kør doctor som tjenestens bruger (så den kørende app kan tage en kopi til kontrollen), eller stop appen "
        "(`systemctl stop risikovaerkstedet`) og prøv igen.",
        "Run doctor as the service's user (so the running app can take a copy for the check), or stop the app "
        "(`systemctl stop risikovaerkstedet`) and try again.",
    ),
    "doctor.migrations.ok": ("Databasen har den nyeste skemaversion ({version}){via}.",
                             "The database has the latest schema version ({version}){via}."),
    "doctor.migrations.behind": (
        "Databasen har skemaversion {version}, men programmet kender {latest}{via}.",
        "The database has schema version {version}, but the program knows {latest}{via}.",
    ),
    "doctor.migrations.behind.fix": (
        "Tag en sikkerhedskopi, og genstart tjenesten (`systemctl restart risikovaerkstedet`): migrationerne kører, "
        "når appen åbner databasen. Eller med appen stoppet: `python -m riskmodel init --db <fil>`.",
        "Take a backup and restart the service (`systemctl restart risikovaerkstedet`): the migrations run when the "
        "app opens the database. Or with the app stopped: `python -m riskmodel init --db <file>`.",
    ),
    "doctor.migrations.ahead": (
        "Databasen har skemaversion {version}, nyere end programmets {latest}{via}.",
        "The database has schema version {version}, newer than the program's {latest}{via}.",
    ),
    "doctor.migrations.ahead.fix": (
        "Programmet er ældre end databasen: opdater koden til den version, der skrev databasen.",
        "The program is older than the database: update the code to the version that wrote the database.",
    ),
    "doctor.audit_chain.ok": ("Revisionssporet er intakt: {rows} rækker{via}.",
                              "The audit trail is intact: {rows} rows{via}."),
    "doctor.audit_chain.broken": ("Revisionssporet er brudt ved række {row}: {reason}{via}.",
                                  "The audit trail is broken at row {row}: {reason}{via}."),
    "doctor.audit_chain.broken.fix": (
        "Behandl det som en sikkerhedshændelse: lad databasen og sikkerhedskopierne være urørte, og "
        "kontakt informationssikkerhedskoordinatoren. Find den seneste intakte kopi med `audit verify` på en "
        "gendannet kopi.",
        "Treat it as a security incident: leave the database and the backups untouched, and contact the security "
        "coordinator. Find the latest intact copy with `audit verify` on a restored copy.",
    ),
    # backups
    "doctor.backups.ok": ("Nyeste sikkerhedskopi {path} er fra {when} ({hours} timer siden) og er hel.",
                          "The newest backup {path} is from {when} ({hours} hours ago) and whole."),
    "doctor.backups.none": ("Der er ingen sikkerhedskopi i {path}.", "There is no backup in {path}."),
    "doctor.backups.none.fix": (
        "Slå timeren til (`systemctl enable --now risikovaerkstedet-backup.timer`), og tag en kopi nu: "
        "`systemctl start risikovaerkstedet-backup.service`.",
        "Enable the timer (`systemctl enable --now risikovaerkstedet-backup.timer`) and take a backup now: "
        "`systemctl start risikovaerkstedet-backup.service`.",
    ),
    "doctor.backups.old": (
        "Nyeste sikkerhedskopi {path} er fra {when}: {hours} timer gammel (højst {limit}).",
        "The newest backup {path} is from {when}: {hours} hours old (at most {limit}).",
    ),
    "doctor.backups.old.fix": (
        "Se hvorfor den natlige kopi ikke kører: `systemctl list-timers risikovaerkstedet-backup.timer` og "
        "`journalctl -u risikovaerkstedet-backup.service`.",
        "See why the nightly backup does not run: `systemctl list-timers risikovaerkstedet-backup.timer` and "
        "`journalctl -u risikovaerkstedet-backup.service`.",
    ),
    "doctor.backups.broken": ("Nyeste sikkerhedskopi {path} er ikke hel: {error}",
                              "The newest backup {path} is not whole: {error}"),
    "doctor.backups.broken.fix": (
        "Tag en ny kopi nu (`systemctl start risikovaerkstedet-backup.service`), og undersøg, hvem der har rettet i "
        "kopimappen.",
        "Take a new backup now (`systemctl start risikovaerkstedet-backup.service`) and find out who changed the "
        "backup folder.",
    ),
}
