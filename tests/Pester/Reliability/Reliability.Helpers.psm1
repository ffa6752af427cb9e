# Helpers for the reliability suites (tests/Pester/Reliability.*.Tests.ps1): run a case with its streams captured,
# read the emulator's request log, check the invariants every case must hold, and keep the results table
# (out/test-results/reliability.md) up to date as the cases run.
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot "../Aura.TestHarness.psm1")

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../../..')).Path

function Get-ReliabilityResultsDirectory {
    if ($env:NEO4JAURA_RESULTS_DIR) { return $env:NEO4JAURA_RESULTS_DIR }
    Join-Path $script:RepoRoot 'out/test-results'
}

function Invoke-AuraCase {
    <#
    .SYNOPSIS
    Runs a script block with verbose output on and returns what came out of it, by stream:
    Output (objects), Errors (ErrorRecords, terminating ones included), Verbose (strings), Retries (the module's
    "trying again" lines), Renewals (its "refused the token" lines) and Terminated (the terminating error, if any).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [scriptblock] $Script)
    # The script block runs in the caller's session state: set the caller's preferences, restore them after.
    $callerVars = $PSCmdlet.SessionState.PSVariable
    $savedVerbose = $callerVars.GetValue('VerbosePreference')
    $savedError = $callerVars.GetValue('ErrorActionPreference')
    $output = [System.Collections.Generic.List[object]]::new()
    $errors = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
    $verbose = [System.Collections.Generic.List[string]]::new()
    $terminated = $null
    try {
        $callerVars.Set('VerbosePreference', [System.Management.Automation.ActionPreference]::Continue)
        $callerVars.Set('ErrorActionPreference', [System.Management.Automation.ActionPreference]::Continue)
        $records = & $Script 2>&1 4>&1
        foreach ($r in $records) {
            if ($r -is [System.Management.Automation.ErrorRecord]) { $errors.Add($r) }
            elseif ($r -is [System.Management.Automation.VerboseRecord]) { $verbose.Add($r.Message) }
            else { $output.Add($r) }
        }
    }
    catch {
        $terminated = $_
        $errors.Add($_)
    }
    finally {
        $callerVars.Set('VerbosePreference', $savedVerbose)
        $callerVars.Set('ErrorActionPreference', $savedError)
    }
    [pscustomobject]@{
        Output     = $output.ToArray()
        Errors     = $errors.ToArray()
        Verbose    = $verbose.ToArray()
        Retries    = @($verbose | Where-Object { $_ -match 'trying again \(attempt' }).Count
        Renewals   = @($verbose | Where-Object { $_ -match 'refused the token' }).Count
        Terminated = $terminated
    }
}

function Read-AuraRequestLog {
    <#
    .SYNOPSIS
    The emulator's request log as a flat array of entries. (The harness's Get-AuraEmulatorRequestLog returns the JSON
    array as one element, because Invoke-RestMethod does not enumerate it; this unrolls it.)
    #>
    param([Parameter(Mandatory, Position = 0)] $Emulator)
    , @(Get-AuraEmulatorRequestLog $Emulator | ForEach-Object { $_ } | Where-Object { $null -ne $_ })
}

function ConvertTo-LogTime {
    param($Value)
    if ($Value -is [datetime]) {
        $utc = if ($Value.Kind -eq [DateTimeKind]::Local) { $Value.ToUniversalTime() } else { [datetime]::SpecifyKind($Value, 'Utc') }
        return [DateTimeOffset]::new($utc)
    }
    [DateTimeOffset]::Parse([string]$Value, [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AssumeUniversal)
}

function Get-ApiEntries {
    <# The log entries of API requests (under /v1 or /v1beta3), not token requests. #>
    param([object[]] $Log)
    @($Log | Where-Object { $_ -and $_.path -match '^/v1(beta3)?/' })
}

function Get-TokenEntries {
    param([object[]] $Log)
    @($Log | Where-Object { $_ -and $_.path -match '/oauth/token$' })
}

function Get-AuraLogSummary {
    <#
    .SYNOPSIS
    "GET /v1/instances/a1b2c3d4: 503, 503, 200; POST /oauth/token: 200" - each method and path with the statuses it got
    in order (0 = connection dropped), or counts per status when there are many.
    #>
    param([object[]] $Log)
    $groups = [ordered]@{}
    foreach ($e in @($Log | Where-Object { $_ })) {
        $key = "$($e.method) $($e.path)"
        if (-not $groups.Contains($key)) { $groups[$key] = [System.Collections.Generic.List[int]]::new() }
        $groups[$key].Add([int]$e.status)
    }
    if ($groups.Count -gt 4) {
        # Many paths: fold ids away (8-hex instance ids, UUIDs) and count.
        $folded = [ordered]@{}
        foreach ($key in $groups.Keys) {
            $f = $key -replace '/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', '/{snapshot}' -replace '/[0-9a-f]{8}(?=/|$)', '/{id}'
            if (-not $folded.Contains($f)) { $folded[$f] = [System.Collections.Generic.List[int]]::new() }
            $folded[$f].AddRange($groups[$key])
        }
        $groups = $folded
    }
    $parts = foreach ($key in $groups.Keys) {
        $statuses = $groups[$key]
        if ($statuses.Count -le 6) { "${key}: " + ($statuses -join ', ') }
        else {
            $counts = $statuses | Group-Object | Sort-Object { [int]$_.Name } | ForEach-Object { "$($_.Count)x$($_.Name)" }
            "${key}: " + ($counts -join ' ')
        }
    }
    ($parts -join '; ')
}

function Get-UnsafeResend {
    <#
    .SYNOPSIS
    The POST, PATCH and DELETE requests sent again after their method and path got a 5xx or a dropped connection
    (status 0): each is a violation of "never resent after a 5xx or a lost connection". Empty when none.
    #>
    param([object[]] $Log)
    $failed = @{}
    $violations = foreach ($e in @($Log | Where-Object { $_ })) {
        if ($e.method -notin 'POST', 'PATCH', 'DELETE') { continue }
        $key = "$($e.method) $($e.path)"
        if ($failed.ContainsKey($key)) { "$key resent after $($failed[$key])" }
        $status = [int]$e.status
        if ($status -eq 0 -or $status -ge 500) { $failed[$key] = $(if ($status) { $status } else { 'a dropped connection' }) }
    }
    @($violations)
}

function Get-MaxRequestsInWindow {
    <# The largest number of API requests the log holds in any window of -Seconds (default 60) seconds. #>
    param([object[]] $Log, [double] $Seconds = 60)
    $times = @(Get-ApiEntries $Log | ForEach-Object { (ConvertTo-LogTime $_.time).UtcTicks } | Sort-Object)
    if ($times.Count -eq 0) { return 0 }
    $window = [TimeSpan]::FromSeconds($Seconds).Ticks
    $max = 0; $start = 0
    for ($end = 0; $end -lt $times.Count; $end++) {
        while ($times[$end] - $times[$start] -ge $window) { $start++ }
        $max = [Math]::Max($max, $end - $start + 1)
    }
    $max
}

function Test-AuraInvariants {
    <#
    .SYNOPSIS
    Checks the invariants every case holds and returns them with a one-line description for the table:
    no POST/PATCH/DELETE resent after a 5xx or a lost connection; outputs + errors = inputs (when -Inputs is given);
    no 429 from the emulator's limiter (429s beyond -Injected429); no 60-second window above -RateLimit.
    #>
    param(
        [object[]] $Log,
        [int] $RateLimit = 125,
        [int] $Injected429 = 0,
        [int] $Inputs = -1,
        [int] $Outputs = 0,
        [int] $Errors = 0
    )
    $resent = @(Get-UnsafeResend $Log)
    # 429s of API requests beyond the injected ones come from the emulator's limiter; token-endpoint 429s (its 15 an
    # hour) are reported apart, for the cases that provoke them on purpose.
    $api429 = @(Get-ApiEntries $Log | Where-Object { [int]$_.status -eq 429 }).Count
    $token429 = @(Get-TokenEntries $Log | Where-Object { [int]$_.status -eq 429 }).Count
    $limiter429 = [Math]::Max(0, $api429 - $Injected429)
    $window = Get-MaxRequestsInWindow $Log
    $accounted = $Inputs -lt 0 -or ($Outputs + $Errors -eq $Inputs)
    $parts = @(
        $(if ($resent.Count) { "RESENT: $($resent -join ', ')" } else { 'no unsafe resend' })
        $(if ($Inputs -ge 0) { "$Outputs out + $Errors err = $Inputs in" })
        "$limiter429 limiter 429"
        $(if ($token429) { "$token429 token-endpoint 429" })
        "max $window/60 s (limit $RateLimit)"
    ) | Where-Object { $_ }
    [pscustomobject]@{
        Resent      = $resent
        Limiter429  = $limiter429
        Token429    = $token429
        MaxInWindow = $window
        Accounted   = $accounted
        Held        = ($resent.Count -eq 0) -and $accounted -and ($limiter429 -eq 0) -and ($window -le $RateLimit)
        Text        = ($parts -join '; ')
    }
}

function Add-ReliabilityRow {
    <#
    .SYNOPSIS
    Records one case's row and rewrites out/test-results/reliability.md (the table docs/RELIABILITY.md shows).
    Rows are kept in reliability.rows.json beside it, keyed by -Fault (a case run again replaces its row).
    #>
    param(
        [Parameter(Mandatory)] [string] $Suite,
        [Parameter(Mandatory)] [string] $Fault,
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Requests,
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Retries,
        [Parameter(Mandatory)] [string] $Outcome,
        [Parameter(Mandatory)] [string] $Invariants,
        [Parameter(Mandatory)] [bool] $Held
    )
    $dir = Get-ReliabilityResultsDirectory
    $null = New-Item -ItemType Directory -Force $dir
    $rowsPath = Join-Path $dir 'reliability.rows.json'
    $mutex = [System.Threading.Mutex]::new($false, 'Neo4jAuraReliabilityTable')
    $null = $mutex.WaitOne()
    try {
        $rows = [System.Collections.Generic.List[object]]::new()
        if (Test-Path $rowsPath) {
            foreach ($r in @(Get-Content $rowsPath -Raw | ConvertFrom-Json)) { if ($r.Fault -ne $Fault) { $rows.Add($r) } }
        }
        $rows.Add([pscustomobject]@{
                Suite = $Suite; Fault = $Fault; Requests = $Requests; Retries = $Retries; Outcome = $Outcome
                Invariants = $Invariants; Held = $Held; Time = [DateTimeOffset]::UtcNow.ToString('o')
            })
        ConvertTo-Json -InputObject $rows.ToArray() -Depth 4 | Set-Content -Path $rowsPath -Encoding utf8
        Write-ReliabilityTable -Rows $rows.ToArray() -Path (Join-Path $dir 'reliability.md')
    }
    finally { $mutex.ReleaseMutex(); $mutex.Dispose() }
}

function Write-ReliabilityTable {
    param([object[]] $Rows, [string] $Path)
    $order = @{ Faults = 1; Concurrency = 2; Restarts = 3; Input = 4 }
    $escape = { param($s) ([string]$s) -replace '\|', '\|' -replace "`r?`n", ' ' }
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('| fault | requests (emulator log: method path: statuses) | retries (module) | outcome | invariants held |')
    $lines.Add('|---|---|---|---|---|')
    $sorted = $Rows | Sort-Object @{ Expression = { if ($order.ContainsKey($_.Suite)) { $order[$_.Suite] } else { 9 } } }, Time
    foreach ($r in $sorted) {
        $held = if ($r.Held) { 'yes' } else { '**NO**' }
        $lines.Add("| $(& $escape $r.Fault) | $(& $escape $r.Requests) | $(& $escape $r.Retries) | $(& $escape $r.Outcome) | ${held}: $(& $escape $r.Invariants) |")
    }
    $total = @($Rows).Count; $ok = @($Rows | Where-Object Held).Count
    $lines.Add('')
    $lines.Add("$ok of $total cases held every invariant. Generated $([DateTimeOffset]::UtcNow.ToString('yyyy-MM-dd HH:mm')) UTC by tests/Pester/Reliability.*.Tests.ps1.")
    Set-Content -Path $Path -Value $lines -Encoding utf8
}

Export-ModuleMember -Function Read-AuraRequestLog, Invoke-AuraCase, Get-ApiEntries, Get-TokenEntries, Get-AuraLogSummary, Get-UnsafeResend,
    Get-MaxRequestsInWindow, Test-AuraInvariants, Add-ReliabilityRow, Write-ReliabilityTable, ConvertTo-LogTime,
    Get-ReliabilityResultsDirectory
