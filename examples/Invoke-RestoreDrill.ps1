<#
.SYNOPSIS
    The monthly restore drill: proves that every production instance's newest snapshot can be restored, and how fast.

.DESCRIPTION
    A runbook for Azure Automation (Windows PowerShell 5.1 or PowerShell 7) or a CI pipeline. For every instance whose
    name matches -Name (default 'prod-*') it runs Test-AuraSnapshot: the newest Completed, exportable snapshot is cloned
    into a scratch instance (the smallest size the project offers), the optional -Test script runs against it, and the
    scratch instance is removed whatever happens. Drills run together (-ThrottleLimit); when Aura's instance limit is
    reached a drill waits for a slot.

    It writes three files to -OutputPath, named restore-drill-<UTC time>:
      .csv   one row per instance (for a spreadsheet or an audit trail)
      .json  the same rows, with the times in ISO 8601
      .txt   a short summary: how many passed, the oldest recovery point (RPO), the slowest restore (RTO)
    and emits the rows. It never prompts, and it ends with an error (a non-zero exit code under pwsh -File, a failed
    Automation job) when any drill fails or no instance matches, after the files are written.

    Connection: -Connection, else -Credential/-BaseUri (Connect-Aura), else the caller's current connection (Connect-Aura
    ran before), else AURA_CLIENT_ID / AURA_CLIENT_SECRET (and AURA_BASE_URI) from the environment.

    -WhatIf shows which drills would run and creates nothing (no scratch instance, no files).

.EXAMPLE
    ./Invoke-RestoreDrill.ps1 -Credential (Get-AutomationPSCredential -Name 'Aura') -OutputPath $env:TEMP

.EXAMPLE
    Connect-Aura -Credential $cred
    ./Invoke-RestoreDrill.ps1 -Name 'prod-orders' -Test { param($i) Test-Connection ([uri]$i.ConnectionUrl).Host -TcpPort 7687 -Quiet }

.EXAMPLE
    pwsh -File ./Invoke-RestoreDrill.ps1 -OutputPath ./drill-results -MaxSnapshotAge 1.00:00:00
#>
[CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium', PositionalBinding = $false)]
param(
    # Client id (user name) and client secret (password).
    [pscredential] $Credential,
    # The API root, e.g. a local emulator to rehearse; default https://api.neo4j.io (or AURA_BASE_URI).
    [uri] $BaseUri,
    # An existing connection (Connect-Aura -PassThru) to use instead of signing in.
    [object] $Connection,
    # The instances to drill: names, wildcards allowed.
    [string[]] $Name = @('prod-*'),
    # Where the CSV, JSON and summary files go (created when missing).
    [string] $OutputPath = (Join-Path (Get-Location) 'restore-drills'),
    # Run with each scratch instance once it runs ($_ / $args[0]: the instance, with its one-time Credential). A throw
    # or a lone $false fails the drill.
    [scriptblock] $Test,
    # When given, a snapshot older than this fails the drill (the recovery point objective).
    [timespan] $MaxSnapshotAge,
    # Memory of the scratch instances (default: the smallest the project offers for each instance's type and region).
    [string] $Memory,
    # Drills at once.
    [ValidateRange(1, 50)] [int] $ThrottleLimit = 3,
    # Time allowed for each scratch instance to run.
    [ValidateRange(1, 86400)] [int] $TimeoutSec = 3600
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'   # no progress bars in job logs
if (-not (Get-Module Neo4jAura)) { Import-Module Neo4jAura }

# ---------------------------------------------------------------- connection
if (-not $Connection) {
    if ($Credential -or $BaseUri) {
        $connect = @{ PassThru = $true }
        if ($Credential) { $connect.Credential = $Credential }
        if ($BaseUri) { $connect.BaseUri = $BaseUri }
        $Connection = Connect-Aura @connect
    }
    else {
        $Connection = Get-AuraConnection
        if (-not $Connection) { $Connection = Connect-Aura -PassThru }   # AURA_CLIENT_ID / AURA_CLIENT_SECRET
        else { Write-Verbose "Using the current connection ($($Connection.ClientId) @ $($Connection.BaseUri))." }
    }
}

# ---------------------------------------------------------------- which instances
# A name without wildcards that matches nothing (or a list that fails) is a failed drill, not a silent skip.
$listErrors = @()
$instances = @(foreach ($pattern in $Name) {
        $notFound = $null
        Get-AuraInstance -Name $pattern -Connection $Connection -ErrorAction SilentlyContinue -ErrorVariable notFound
        if ($notFound) { $listErrors += @($notFound) }
    })
$instances = @($instances | Sort-Object Id -Unique | Sort-Object Name)
if ($instances.Count -eq 0) {
    throw "Restore drill: no instance matches -Name $($Name -join ', '): nothing was drilled. $(($listErrors | ForEach-Object { $_.Exception.Message }) -join ' ')".TrimEnd()
}
Write-Verbose "Drilling $($instances.Count) instance(s): $(($instances | ForEach-Object { $_.Name }) -join ', ')."

$drill = @{
    Connection    = $Connection
    ThrottleLimit = $ThrottleLimit
    TimeoutSec    = $TimeoutSec
    ErrorAction   = 'SilentlyContinue'
}
if ($Test) { $drill.Test = $Test }
if ($PSBoundParameters.ContainsKey('MaxSnapshotAge')) { $drill.MaxSnapshotAge = $MaxSnapshotAge }
if ($Memory) { $drill.Memory = $Memory }

if ($WhatIfPreference) {
    # Test-AuraSnapshot says what each drill would create; nothing is created and no file is written.
    $instances | Test-AuraSnapshot @drill -WhatIf
    return
}

# ---------------------------------------------------------------- drills
$started = [DateTimeOffset]::UtcNow
$drillErrors = $null
$results = @($instances | Test-AuraSnapshot @drill -Confirm:$false -ErrorVariable drillErrors)

$rows = foreach ($instance in $instances) {
    $result = $results | Where-Object { $_.InstanceId -eq $instance.Id } | Select-Object -First 1
    if (-not $result) {
        # The drill could not even start (e.g. the instance could not be read): its error says why.
        $failure = $drillErrors | Where-Object { "$($_.TargetObject)" -eq $instance.Id } | Select-Object -First 1
        [pscustomobject]@{
            InstanceId = $instance.Id; InstanceName = $instance.Name; SnapshotId = $null; SnapshotTime = $null
            SnapshotAgeHours = $null; Restored = $false; RestoreSeconds = $null; Passed = $false
            Error = if ($failure) { $failure.Exception.Message } else { 'No drill result came back.' }
            ScratchInstanceId = $null; ScratchInstanceKept = $false; TestResult = $null
        }
        continue
    }
    [pscustomobject]@{
        InstanceId          = $result.InstanceId
        InstanceName        = $result.InstanceName
        SnapshotId          = $result.SnapshotId
        SnapshotTime        = if ($result.SnapshotTime) { $result.SnapshotTime.UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ssZ') } else { $null }
        SnapshotAgeHours    = if ($result.SnapshotAge) { [Math]::Round($result.SnapshotAge.TotalHours, 2) } else { $null }
        Restored            = $result.Restored
        RestoreSeconds      = if ($result.RestoreDuration) { [Math]::Round($result.RestoreDuration.TotalSeconds, 1) } else { $null }
        Passed              = $result.Passed
        Error               = $result.Error
        ScratchInstanceId   = $result.ScratchInstanceId
        ScratchInstanceKept = $result.ScratchInstanceKept
        TestResult          = if ($null -eq $result.TestResult) { $null } else { (@($result.TestResult) | ForEach-Object { "$_" }) -join '; ' }
    }
}
$rows = @($rows) + @(foreach ($e in $listErrors) {
        [pscustomobject]@{
            InstanceId = $null; InstanceName = "$($e.TargetObject)"; SnapshotId = $null; SnapshotTime = $null
            SnapshotAgeHours = $null; Restored = $false; RestoreSeconds = $null; Passed = $false; Error = $e.Exception.Message
            ScratchInstanceId = $null; ScratchInstanceKept = $false; TestResult = $null
        }
    })

# ---------------------------------------------------------------- files and summary
if (-not (Test-Path -LiteralPath $OutputPath)) { $null = New-Item -ItemType Directory -Path $OutputPath -Force }
$stamp = $started.UtcDateTime.ToString('yyyyMMdd-HHmmss')
$base = Join-Path $OutputPath "restore-drill-$stamp"
$rows | Export-Csv -LiteralPath "$base.csv" -NoTypeInformation -Encoding UTF8
ConvertTo-Json -InputObject @($rows) -Depth 3 | Set-Content -LiteralPath "$base.json" -Encoding UTF8

$failed = @($rows | Where-Object { -not $_.Passed })
$oldest = $rows | Where-Object { $null -ne $_.SnapshotAgeHours } | Sort-Object SnapshotAgeHours -Descending | Select-Object -First 1
$slowest = $rows | Where-Object { $null -ne $_.RestoreSeconds } | Sort-Object RestoreSeconds -Descending | Select-Object -First 1
$summary = @(
    "Restore drill $($started.UtcDateTime.ToString('yyyy-MM-dd HH:mm')) UTC: $($rows.Count - $failed.Count) of $($rows.Count) passed."
    if ($oldest) { "Oldest recovery point (RPO): $($oldest.InstanceName), snapshot $($oldest.SnapshotId) taken $($oldest.SnapshotTime), $($oldest.SnapshotAgeHours) h old." }
    if ($slowest) { "Slowest restore (RTO): $($slowest.InstanceName), $($slowest.RestoreSeconds) s to running." }
    foreach ($row in $failed) { "FAILED $($row.InstanceName) ($($row.InstanceId)): $($row.Error)" }
    foreach ($row in $rows | Where-Object ScratchInstanceKept) { "LEFT BEHIND scratch instance $($row.ScratchInstanceId) of $($row.InstanceName): remove it (Remove-AuraInstance -InstanceId $($row.ScratchInstanceId) -Force)." }
    "Files: $base.csv, $base.json"
)
$summary | Set-Content -LiteralPath "$base.txt" -Encoding UTF8
$summary | ForEach-Object { Write-Verbose $_ }

$rows

if ($failed.Count -gt 0) {
    throw "Restore drill: $($failed.Count) of $($rows.Count) failed: $(($failed | ForEach-Object { "$($_.InstanceName) ($($_.InstanceId)): $($_.Error)" }) -join '; ') (results in $base.csv)"
}
