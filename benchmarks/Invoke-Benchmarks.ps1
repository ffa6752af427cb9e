<#
.SYNOPSIS
    Runs Neo4jAura's scenario benchmarks against the local emulator and writes benchmarks/results/*.md.

.DESCRIPTION
    Scenarios (benchmarks/README.md says what each measures and the targets):
      Overhead  Get-AuraInstance -InstanceId vs a reused HttpClient (floor) vs Invoke-RestMethod, per call
      Import    Import-Module in a fresh pwsh vs pwsh -c 1 (floor); what the import loads; no HTTP at import
      Listing   Get-AuraInstance with details for N = 10 and 200 instances, and -Summary, vs the rate floor (120 in 60 s)
      BulkWait  N instances piped into New-AuraSnapshot -Wait vs a foreach of single waits, at the API's real rate limit
      Latency   from the emulator completing a snapshot to -Wait emitting it, for 1 and 20 operations
      Requests  token requests per session (cmdlets, ForEach-Object -Parallel, token lifetime), polls per operation
    Each scenario starts its own emulator on a free loopback port and every measured run uses a fresh pwsh.
    BenchmarkDotNet (parsing) is separate: dotnet run -c Release --project benchmarks/Neo4jAura.Benchmarks -- --filter *

.EXAMPLE
    dotnet pwsh -File build.ps1 -Task Benchmark
.EXAMPLE
    dotnet pwsh -File benchmarks/Invoke-Benchmarks.ps1 -Scenario BulkWait -Quick
#>
[CmdletBinding()]
param(
    # The built module folder (build.ps1 -Task Build assembles it).
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/Neo4jAura'),
    # All, or one or more of Overhead, Import, Listing, BulkWait, Latency, Requests (comma-separated with pwsh -File).
    [string[]] $Scenario = 'All',
    # Fewer calls, runs and smaller N; results go to results/quick/ so they never replace a full run's.
    [switch] $Quick,
    [string] $ResultsPath,
    # The emulator's Neo4jAura.Emulator.dll (default: the build's, Release then Debug).
    [string] $EmulatorPath,
    # D: how long the emulator keeps a snapshot InProgress in BulkWait and Latency.
    [double] $SnapshotSeconds = 8,
    # Also run the sequential foreach for N = 50 and 200 (about N x D seconds each).
    [switch] $IncludeLargeSequential,
    # BulkWait: only the pipeline runs (e.g. to compare two builds of the module quickly).
    [switch] $SkipSequential,
    # BulkWait: the N of the pipeline runs instead of 1,5,20,50,200 (comma-separated with pwsh -File).
    [string[]] $BulkN
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'BenchHelpers.psm1') -Force

$ModulePath = (Resolve-Path $ModulePath).Path
if (-not (Test-Path (Join-Path $ModulePath 'Neo4jAura.psd1'))) { throw "No module at $ModulePath. Run: dotnet pwsh -File build.ps1 -Task Build" }
$EmulatorPath = Get-BenchEmulatorPath $EmulatorPath
if (-not $ResultsPath) { $ResultsPath = if ($Quick) { Join-Path $PSScriptRoot 'results/quick' } else { Join-Path $PSScriptRoot 'results' } }
$null = New-Item -ItemType Directory -Force $ResultsPath
$known = 'Overhead', 'Import', 'Listing', 'BulkWait', 'Latency', 'Requests'
$Scenario = @($Scenario | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
foreach ($s in $Scenario) { if ($s -ne 'All' -and $known -notcontains $s) { throw "Unknown scenario '$s': use All or $($known -join ', ')." } }
if ($Scenario -contains 'All') { $Scenario = $known }
$Scenario = @($known | Where-Object { $Scenario -contains $_ })
$Scenarios = Join-Path $PSScriptRoot 'scenarios'
$Work = Join-Path ([IO.Path]::GetTempPath()) ('neo4jaura-bench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory -Force $Work
$Inv = [cultureinfo]::InvariantCulture
$D = $SnapshotSeconds
$DText = $D.ToString($Inv)
$Pwsh = Get-BenchPwsh
$Targets = [System.Collections.Generic.List[object]]::new()
$quickNote = if ($Quick) { ' -Quick' } else { '' }

function Add-Target([string] $Scenario, [string] $What, [string] $Target, [string] $Measured, [bool] $Met) {
    $Targets.Add([pscustomobject]@{ scenario = $Scenario; what = $What; target = $Target; measured = $Measured; met = if ($Met) { 'yes' } else { '**no**' } })
}

function Write-Section([string] $Name, [string] $Markdown) {
    $path = Join-Path $ResultsPath "$Name.md"
    Set-Content -Path $path -Value $Markdown -Encoding utf8
    Write-Host ''
    Write-Host $Markdown
    Write-Host "(written to $path)" -ForegroundColor DarkGray
}

function F($Value, [int] $Digits = 2) { Format-BenchNumber $Value $Digits }

# ---------------------------------------------------------------------------------------------------------------
function Invoke-OverheadScenario {
    $calls = if ($Quick) { 90 } else { 300 }
    $rounds = if ($Quick) { 5 } else { 10 }
    $warmup = if ($Quick) { 10 } else { 30 }
    $emu = Start-BenchEmulator $EmulatorPath -ArgumentList '--rate-limit', '0', '--no-token-limit'
    try {
        Use-BenchCredential $emu
        $out = Join-Path $Work 'overhead.json'
        Invoke-BenchPwsh (Join-Path $Scenarios 'Overhead.ps1') -ArgumentList '-ModulePath', $ModulePath, '-InstanceId', 'a1b2c3d4',
            '-OutFile', $out, '-Calls', $calls, '-Rounds', $rounds, '-Warmup', $warmup
        $r = Get-Content $out -Raw | ConvertFrom-Json
        $log = @(Get-BenchRequestLog $emu)
    }
    finally { Use-BenchCredential -Clear; Stop-BenchEmulator $emu }

    $stats = @{}
    foreach ($v in 'module', 'floor', 'irm', 'client', 'cmdlet') {
        $s = [double[]]$r.samples.$v
        $stats[$v] = [pscustomobject]@{ median = Get-BenchMedian $s; p10 = Get-BenchPercentile $s 10; p90 = Get-BenchPercentile $s 90; n = $s.Count }
    }
    $labels = [ordered]@{
        floor  = 'raw HttpClient GET, reused client (floor)'
        module = 'Get-AuraInstance -InstanceId'
        irm    = 'Invoke-RestMethod + hand-made token'
        client = '(breakdown) AuraClient.GetInstanceAsync, no cmdlet'
        cmdlet = '(breakdown) Get-AuraConnection: a cmdlet call, no HTTP'
    }
    $rows = foreach ($v in $labels.Keys) {
        [pscustomobject]@{
            variant        = $labels[$v]
            calls          = $stats[$v].n
            'median ms'    = F $stats[$v].median 3
            'p10 ms'       = F $stats[$v].p10 3
            'p90 ms'       = F $stats[$v].p90 3
            'x floor'      = F ($stats[$v].median / $stats.floor.median)
        }
    }
    $moduleRatio = $stats.module.median / $stats.floor.median
    $vsIrm = $stats.module.median / $stats.irm.median
    $tooMany = @($log | Where-Object status -EQ 429).Count
    $tokens = @($log | Where-Object path -Like '*/oauth/token').Count
    Add-Target 'Overhead' 'Get-AuraInstance median vs raw HttpClient' '<= 1.5x' "$(F $moduleRatio)x" ($moduleRatio -le 1.5)
    Add-Target 'Overhead' 'Get-AuraInstance vs Invoke-RestMethod' 'faster (< 1.0x)' "$(F $vsIrm)x" ($vsIrm -lt 1.0)

    $md = @"
## Overhead: one Get-AuraInstance call

Emulator ``--rate-limit 0 --no-token-limit``; module paced at 100,000 a minute for the loopback emulator (``NEO4JAURA_EMULATOR_REQUESTS_PER_MINUTE=100000``; ``Connect-Aura -RequestsPerMinute`` takes 1-120 since v1); the same pwsh process
for all three; $($r.warmup) warm-up calls each, then $($r.rounds) rounds, each round a block of every variant
(order rotating), every call timed on its own. Same URL ``GET /v1/instances/a1b2c3d4`` and the same emulator.

$(ConvertTo-BenchMarkdown @($rows))

Get-AuraInstance / Invoke-RestMethod = **$(F $vsIrm)**. The emulator saw $($log.Count) requests, $tokens of them token
requests (one by Connect-Aura, one by hand), $tooMany answered 429.

Reproduce: ``dotnet pwsh -File benchmarks/Invoke-Benchmarks.ps1 -Scenario Overhead$quickNote``
(child: ``benchmarks/scenarios/Overhead.ps1 -ModulePath out/Neo4jAura -InstanceId a1b2c3d4 -Calls $calls -Rounds $rounds``
with AURA_CLIENT_ID/AURA_CLIENT_SECRET/AURA_BASE_URI of an emulator started with ``--rate-limit 0 --no-token-limit``).
"@
    Write-Section 'overhead' $md
}

# ---------------------------------------------------------------------------------------------------------------
function Invoke-ImportScenario {
    $runs = if ($Quick) { 5 } else { 10 }
    $emu = Start-BenchEmulator $EmulatorPath -ArgumentList '--no-token-limit'
    try {
        Use-BenchCredential $emu
        $out = Join-Path $Work 'import.json'
        Invoke-BenchPwsh (Join-Path $Scenarios 'Import.ps1') -ArgumentList '-ModulePath', $ModulePath, '-OutFile', $out
        $detail = Get-Content $out -Raw | ConvertFrom-Json
        $sent = @(Get-BenchRequestLog $emu)
    }
    finally { Use-BenchCredential -Clear; Stop-BenchEmulator $emu }

    $importCommand = "Import-Module '$($ModulePath -replace "'", "''")'"
    $variants = [ordered]@{ floor = @('-c', '1'); import = @('-c', $importCommand) }
    $times = @{ floor = [System.Collections.Generic.List[double]]::new(); import = [System.Collections.Generic.List[double]]::new() }
    $sw = [System.Diagnostics.Stopwatch]::new()
    for ($i = -1; $i -lt $runs; $i++) {
        # run -1 is the warm-up of both (disk cache, tiered JIT caches of the host); then alternate which goes first.
        $order = if ($i % 2) { 'import', 'floor' } else { 'floor', 'import' }
        foreach ($v in $order) {
            $sw.Restart()
            & $Pwsh.FilePath @($Pwsh.Prefix) -NoProfile -NonInteractive @($variants[$v]) | Out-Null
            $sw.Stop()
            if ($LASTEXITCODE) { throw "pwsh $($variants[$v] -join ' ') failed (exit code $LASTEXITCODE)." }
            if ($i -ge 0) { $times[$v].Add($sw.Elapsed.TotalMilliseconds) }
        }
    }
    $floor = Get-BenchMedian $times.floor.ToArray()
    $import = Get-BenchMedian $times.import.ToArray()
    $rows = @(
        [pscustomobject]@{ command = "$($Pwsh.Display) -NoProfile -c 1 (floor)"; runs = $runs; 'median ms' = F $floor 0; 'min ms' = F ($times.floor | Measure-Object -Minimum).Minimum 0; 'max ms' = F ($times.floor | Measure-Object -Maximum).Maximum 0 }
        [pscustomobject]@{ command = "$($Pwsh.Display) -NoProfile -c `"Import-Module out/Neo4jAura`""; runs = $runs; 'median ms' = F $import 0; 'min ms' = F ($times.import | Measure-Object -Minimum).Minimum 0; 'max ms' = F ($times.import | Measure-Object -Maximum).Maximum 0 }
    )
    $delta = $import - $floor
    Add-Target 'Import' 'Import-Module above pwsh -c 1 (medians)' '< 250 ms' "$(F $delta 0) ms" ($delta -lt 250)
    Add-Target 'Import' 'HTTP requests during Import-Module' '0' "$($sent.Count)" ($sent.Count -eq 0)

    $asm = @($detail.assemblies | ForEach-Object {
            $where = if ($_.location -like "$ModulePath*") { 'module: ' + $_.location.Substring($ModulePath.Length).TrimStart('/', '\') }
            elseif ($_.location -like "$PSHOME*") { 'pwsh: ' + [IO.Path]::GetFileName($_.location) }
            else { $_.location }
            [pscustomobject]@{ assembly = $_.name; version = $_.version; 'load context' = $_.context; from = $where }
        })
    $asmTable = if ($asm.Count) { ConvertTo-BenchMarkdown $asm } else { '(none)' }
    $md = @"
## Import: Import-Module out/Neo4jAura in a fresh pwsh

Alternating fresh processes, $runs runs each after one warm-up of each (wall time of the whole process, start to exit).

$(ConvertTo-BenchMarkdown $rows)

Import-Module costs **$(F $delta 0) ms** above the floor (median $(F $import 0) vs $(F $floor 0) ms, ratio $(F ($import / $floor))).
Inside the process: Import-Module took $(F $detail.import_ms 0) ms; the first ``Get-Command -Module Neo4jAura`` $(F $detail.get_command_ms 0) ms ($($detail.commands) commands).
HTTP requests sent to the emulator named in AURA_BASE_URI during the import: **$($sent.Count)**.

Assemblies loaded by the import ($($asm.Count)):

$asmTable

Reproduce: ``dotnet pwsh -File benchmarks/Invoke-Benchmarks.ps1 -Scenario Import$quickNote``
(or by hand: ``dotnet pwsh -NoProfile -c 1`` against ``dotnet pwsh -NoProfile -c "Import-Module ./out/Neo4jAura"``, alternating).
"@
    Write-Section 'import' $md
}

# ---------------------------------------------------------------------------------------------------------------
function Invoke-ListingRun {
    <# One fresh-pwsh run of scenarios/Listing.ps1 after a reset, analysed against the emulator's request log. #>
    param($Emulator, [string] $Case, [string] $Mode, [string] $Name, [int] $Expected, [switch] $Warm)
    Reset-BenchEmulator $Emulator
    $out = Join-Path $Work "listing-$Case-$([guid]::NewGuid().ToString('N').Substring(0, 6)).json"
    Write-Host "  $Case ..." -NoNewline
    $argsList = @('-ModulePath', $ModulePath, '-Mode', $Mode, '-OutFile', $out)
    if ($Name) { $argsList += '-Name', $Name }
    if ($Warm) { $argsList += '-Warm' }
    Invoke-BenchPwsh (Join-Path $Scenarios 'Listing.ps1') -ArgumentList $argsList
    $r = Get-Content $out -Raw | ConvertFrom-Json
    $log = @(Get-BenchRequestLog $Emulator)
    if ($r.second_from_ms) {
        $split = [DateTimeOffset]::FromUnixTimeMilliseconds([long]$r.second_from_ms)
        $warmLog = @($log | Where-Object { $_.time -ge $split -and $_.path -like '/v1/*' })
        $log = @($log | Where-Object time -LT $split)
    }
    else { $warmLog = @() }
    $api = @($log | Where-Object path -Like '/v1/*')
    $stamps = [double[]]@($r.stamps_ms)
    $later = @($stamps | Where-Object { $_ -ge 30000 })
    # which listed instances' detail GETs went after the window (the log's late GETs, by position in the list)
    $lateIds = @($api | Where-Object { $_.path -like '/v1/instances/*' -and ($_.time - $api[0].time).TotalSeconds -ge 30 } | ForEach-Object { ($_.path -split '/')[3] })
    $res = [pscustomobject]@{
        case          = $Case
        mode          = $Mode
        n             = $Expected
        wall_s        = [double]$r.wall_ms / 1000
        outputs       = [int]$r.outputs
        distinct      = [int]$r.distinct_ids
        with_details  = [int]$r.with_details
        first_s       = if ($null -ne $r.first_output_ms) { [double]$r.first_output_ms / 1000 } else { [double]::NaN }
        # The list takes one permit of the first 120, so details 1..119 fit the first window; outputs keep the list's
        # order, so one detail that lost the race for the last permit holds back the rest: how many came out in the
        # first 30 s, and when the next did.
        early         = @($stamps | Where-Object { $_ -lt 30000 }).Count
        next_s        = if ($later.Count) { $later[0] / 1000 } else { [double]::NaN }
        requests      = $api.Count
        lists         = @($api | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/v1/instances' }).Count
        details       = @($api | Where-Object { $_.method -eq 'GET' -and $_.path -like '/v1/instances/*' }).Count
        tokens        = @($log | Where-Object path -Like '*/oauth/token').Count
        too_many      = @($log | Where-Object status -EQ 429).Count
        other_errors  = @($log | Where-Object { $_.status -ge 400 -and $_.status -ne 429 -or $_.status -eq 0 }).Count
        max_60s       = Get-BenchMaxInWindow -Times @($api | ForEach-Object time) -Seconds 60
        span_s        = if ($api.Count -gt 1) { ($api[-1].time - $api[0].time).TotalSeconds } else { 0 }
        progress      = $r.progress
        errors        = @($r.errors)
        late_ids      = $lateIds
        warm_s        = if ($null -ne $r.warm_ms) { [double]$r.warm_ms / 1000 } else { [double]::NaN }
        warm_outputs  = $r.warm_outputs
        warm_requests = $warmLog.Count
        warm_429      = @($warmLog | Where-Object status -EQ 429).Count
    }
    Write-Host (" {0:F3} s, {1} outputs ({2} with details), {3} requests, {4} x 429, max {5} in 60 s, progress records {6}" -f `
            $res.wall_s, $res.outputs, $res.with_details, $res.requests, $res.too_many, $res.max_60s, $res.progress.records)
    $res
}

function Format-LatePositions([string[]] $Ids) {
    <# Seed ids are be000000 + position: '119-199' or '118, 120-199' #>
    $pos = @($Ids | ForEach-Object { [Convert]::ToInt64($_, 16) - [Convert]::ToInt64('be000000', 16) } | Sort-Object)
    if (-not $pos.Count) { return 'none' }
    $parts = [System.Collections.Generic.List[string]]::new()
    $start = $pos[0]; $prev = $pos[0]
    foreach ($x in @($pos | Select-Object -Skip 1) + [long]::MaxValue) {
        if ($x -eq $prev + 1) { $prev = $x; continue }
        $parts.Add($(if ($start -eq $prev) { "$start" } else { "$start-$prev" }))
        $start = $x; $prev = $x
    }
    "$($pos.Count): " + ($parts -join ', ')
}

function Invoke-ListingFloorProbe {
    <# The raw HttpClient chain c(k): list + k concurrent GETs, in a fresh pwsh after a reset; returns the tries' ms. #>
    param($Emulator, [int] $K, [int] $Tries)
    Reset-BenchEmulator $Emulator
    $out = Join-Path $Work "listing-floor-$K-$([guid]::NewGuid().ToString('N').Substring(0, 6)).json"
    Invoke-BenchPwsh (Join-Path $Scenarios 'Listing.ps1') -ArgumentList '-Mode', 'Floor', '-N', $K, '-Tries', $Tries, '-OutFile', $out
    $r = Get-Content $out -Raw | ConvertFrom-Json
    $log = @(Get-BenchRequestLog $Emulator)
    $bad = @($log | Where-Object { $_.status -ge 400 -or $_.status -eq 0 }).Count
    if ($bad) { throw "The floor probe (k = $K) got $bad error answers: it must stay under the emulator's limit." }
    [double[]]@($r.ms)
}

function Invoke-ListingScenario {
    $seed = Join-Path $Work 'seed.json'
    $null = New-BenchSeed -Path $seed -Count 200
    $R = 120   # the module's pace (AuraSharedState.DefaultRequestsPerMinute), the floor's window budget
    $cases = @(
        [pscustomobject]@{ case = 'summary-200'; mode = 'Summary'; name = ''; n = 200; runs = $(if ($Quick) { 2 } else { 5 }); warm = $true
            label = 'Get-AuraInstance -Summary' }
        [pscustomobject]@{ case = 'details-10'; mode = 'Details'; name = 'bench-00*'; n = 10; runs = $(if ($Quick) { 2 } else { 5 }); warm = $true
            label = "Get-AuraInstance -Name 'bench-00*'" }
        [pscustomobject]@{ case = 'details-200'; mode = 'Details'; name = ''; n = 200; runs = $(if ($Quick) { 1 } else { 3 }); warm = $false
            label = 'Get-AuraInstance' }
    )
    $emu = Start-BenchEmulator $EmulatorPath -ArgumentList '--seed', $seed, '--rate-limit', '125', '--no-token-limit'
    $runs = [System.Collections.Generic.List[object]]::new()
    $chains = @{}
    try {
        Use-BenchCredential $emu
        Write-Host "Listing: emulator $($emu.BaseUri), rate limit 125/min, 200 instances; module at its default pace ($R in any 61 s)"
        # Round-trip part of each floor: a raw HttpClient's list + k concurrent GETs (k = 0 for the list alone).
        foreach ($c in $cases) {
            $k = if ($c.mode -eq 'Summary') { 0 } else { Get-BenchListingFloorProbeN -N $c.n -R $R }
            if ($chains.ContainsKey($k)) { continue }
            # each probe child sends 2 warm-up requests + tries x (1 + k), under the emulator's 125 in 60 s
            $tries = [math]::Max(1, [math]::Min(5, [math]::Floor(100 / (1 + $k))))
            $children = if ($tries -ge 3) { 1 } elseif ($Quick) { 1 } else { 3 }
            $ms = [System.Collections.Generic.List[double]]::new()
            for ($i = 0; $i -lt $children; $i++) { foreach ($x in (Invoke-ListingFloorProbe $emu $k $tries)) { $ms.Add($x) } }
            $chains[$k] = [pscustomobject]@{ k = $k; samples = $ms.ToArray(); median_s = (Get-BenchMedian $ms.ToArray()) / 1000 }
            Write-Host ("  floor probe: list + {0} concurrent GETs (raw HttpClient): median {1:F1} ms of {2}" -f $k, ($chains[$k].median_s * 1000), $ms.Count)
        }
        # Interleaved: round i runs each case that still has runs left, so drift in the load hits all alike.
        $maxRuns = ($cases | Measure-Object runs -Maximum).Maximum
        for ($i = 0; $i -lt $maxRuns; $i++) {
            foreach ($c in $cases) {
                if ($i -ge $c.runs) { continue }
                $runs.Add((Invoke-ListingRun $emu $c.case $c.mode $c.name $c.n -Warm:$c.warm))
            }
        }
    }
    finally { Use-BenchCredential -Clear; Stop-BenchEmulator $emu }

    $rows = foreach ($c in $cases) {
        $set = @($runs | Where-Object case -EQ $c.case)
        $k = if ($c.mode -eq 'Summary') { 0 } else { Get-BenchListingFloorProbeN -N $c.n -R $R }
        $floor = if ($c.mode -eq 'Summary') { $chains[0].median_s } else { Get-BenchListingFloor -N $c.n -ChainSec $chains[$k].median_s -R $R }
        $walls = [double[]]@($set | ForEach-Object wall_s)
        $med = Get-BenchMedian $walls
        $c | Add-Member -NotePropertyName floor_s -NotePropertyValue $floor
        $c | Add-Member -NotePropertyName median_s -NotePropertyValue $med
        $c | Add-Member -NotePropertyName set -NotePropertyValue $set
        $warm = [double[]]@($set | Where-Object { -not [double]::IsNaN($_.warm_s) } | ForEach-Object warm_s)
        $requests = @($set | ForEach-Object requests | Select-Object -Unique) -join '/'
        [pscustomobject]@{
            command          = $c.label
            N                = $c.n
            runs             = $set.Count
            'wall s (median)' = F $med 3
            'min-max s'      = "$(F ($walls | Measure-Object -Minimum).Minimum 3)-$(F ($walls | Measure-Object -Maximum).Maximum 3)"
            'floor s'        = F $floor 3
            'x floor'        = F ($med / $floor)
            'first out s'    = F (Get-BenchMedian ([double[]]@($set | ForEach-Object first_s))) 3
            'outputs (details)' = (@($set | ForEach-Object { "$($_.outputs) ($($_.with_details))" } | Select-Object -Unique) -join ', ')
            requests         = $requests
            'list + GET'     = (@($set | ForEach-Object { "$($_.lists) + $($_.details)" } | Select-Object -Unique) -join ', ')
            tokens           = (@($set | ForEach-Object tokens | Select-Object -Unique) -join '/')
            '429s'           = ($set | Measure-Object too_many -Sum).Sum
            'max in 60 s'    = ($set | Measure-Object max_60s -Maximum).Maximum
            'warm 2nd call s' = if ($warm.Count) { F (Get-BenchMedian $warm) 3 } else { '' }
            'warm x floor'   = if ($warm.Count) { F ((Get-BenchMedian $warm) / $floor) } else { '' }
        }
    }
    $summary = $cases | Where-Object case -EQ 'summary-200'
    $d10 = $cases | Where-Object case -EQ 'details-10'
    $d200 = $cases | Where-Object case -EQ 'details-200'
    $all429 = ($runs | Measure-Object too_many -Sum).Sum
    $allRuns = @($runs)
    $complete = @($allRuns | Where-Object { $_.outputs -eq $_.n -and $_.distinct -eq $_.n -and ($_.mode -eq 'Summary' -or $_.with_details -eq $_.n) -and $_.errors.Count -eq 0 })
    Add-Target 'Listing' "Get-AuraInstance, N=200 with details, vs rate floor ($R in 60 s)" '<= 1.2x' "$(F ($d200.median_s / $d200.floor_s))x ($(F $d200.median_s 1) vs $(F $d200.floor_s 1) s)" (($d200.median_s / $d200.floor_s) -le 1.2)
    Add-Target 'Listing' 'Get-AuraInstance, N=10 with details (fresh pwsh, first call)' '< 1 s' "$(F $d10.median_s 3) s" ($d10.median_s -lt 1)
    Add-Target 'Listing' '429 answers in all runs' '0' "$all429" ($all429 -eq 0)
    Add-Target 'Listing' 'every run output all N, each once (with details unless -Summary), no error' 'all' "$($complete.Count)/$($allRuns.Count) runs" ($complete.Count -eq $allRuns.Count)

    $big = @($d200.set)
    $prog = $big | Select-Object -First 1
    $progText = if ($prog -and $prog.progress.records) {
        $p = $prog.progress
        "Progress (N = 200, first run): $($p.records) progress records; the first seen $(F ([double]$p.first_ms / 1000) 2) s after the start, ``$($p.first)``; the last ``$($p.last)``. " +
        "Output profile (medians of the runs): the first instance at $(F (Get-BenchMedian ([double[]]@($big | ForEach-Object first_s))) 2) s; $(@($big | ForEach-Object early | Select-Object -Unique) -join '/') instances out in the first 30 s (of the 119 details the first window allows: outputs keep the list's order, so a detail that missed the window's last permit holds back those after it), the next at $(F (Get-BenchMedian ([double[]]@($big | ForEach-Object next_s))) 2) s, after the window; the last at the wall time. " +
        "Detail GETs sent after the window, by position in the list (0-based; first run): $(Format-LatePositions $prog.late_ids)."
    }
    elseif ($prog) { 'Progress (N = 200): no progress record was written.' } else { '' }
    $smallProg = @($d10.set | ForEach-Object { $_.progress.records } | Select-Object -Unique) -join '/'
    $chainRows = foreach ($k in ($chains.Keys | Sort-Object)) {
        [pscustomobject]@{ 'raw HttpClient: list +' = "$k concurrent GETs"; tries = $chains[$k].samples.Count; 'median ms' = F ($chains[$k].median_s * 1000) 1
            'min ms' = F (($chains[$k].samples | Measure-Object -Minimum).Minimum) 1; 'max ms' = F (($chains[$k].samples | Measure-Object -Maximum).Maximum) 1 }
    }
    $errText = foreach ($x in $runs) { foreach ($e in $x.errors) { "- $($x.case): $($e.id): $($e.message)" } }
    $errText = @($errText | Select-Object -Unique | Select-Object -First 10)

    $md = @"
## Listing: Get-AuraInstance with details, and -Summary

Emulator: a seed of one tenant and 200 running instances (``bench-000``..``bench-199``), ``--rate-limit 125`` (the API's
real limit), reset before each run (request log and sliding window empty); each run in a fresh pwsh (the module's
pacer empty), ``Connect-Aura`` at the default pace ($R requests in any 61 s per API host). N = 10 is the same seed
filtered by ``-Name 'bench-00*'`` (the list request still returns all 200 summaries; 10 match and get their details);
N = 200 is no filter. Wall time: the first call of the command in the process (cold: JIT included), from its
start to its end, import and connect excluded; "warm 2nd call" is the same command again in the same process. The
runs are interleaved (one of each case per round). Requests, 429s and "max in 60 s" (API requests, tokens apart)
come from the emulator's request log of the first call.

Floor: the least time any client could take for the 1 + N requests (the list, then one GET per instance, which needs
the list's ids) when no 60-second window may hold more than $R (the module's pace; the API allows 125).
Up to $R requests, that is one list round trip plus one round of N GETs at once: measured here as a raw reused
``HttpClient`` doing exactly that (median of its tries, no PowerShell objects). Beyond $R, request k starts no
sooner than request k - $R + 60 s: for N = 200 the 81 requests past the first $R wait for the window, request $R at
60 s and the other 80 at the list's end + 60 s, so the floor is 60 s + (list + 80 GETs at once). For ``-Summary``
the floor is one raw list GET.

$(ConvertTo-BenchMarkdown @($rows))

Round trips of the floor (each probe in a fresh pwsh after a reset, one warm-up list and GET first):

$(ConvertTo-BenchMarkdown @($chainRows))

$progText
N = 10: $smallProg progress records (the bar shows only above 20 items or after 2 s).

$(if ($errText) { "Errors reported by the runs:`n`n" + ($errText -join "`n") } else { 'No run reported an error.' })

Reproduce: ``dotnet pwsh -File benchmarks/Invoke-Benchmarks.ps1 -Scenario Listing$quickNote``
(child: ``benchmarks/scenarios/Listing.ps1 -ModulePath out/Neo4jAura -Mode Details|Summary|Floor [-Name 'bench-00*'] -OutFile x.json``
with AURA_CLIENT_ID/AURA_CLIENT_SECRET/AURA_BASE_URI of an emulator started with ``--seed <200 instances> --rate-limit 125``).
"@
    Write-Section 'listing' $md
}

# ---------------------------------------------------------------------------------------------------------------
function Start-WaitEmulator([string] $Seed, [double] $SnapshotSec = $D) {
    Start-BenchEmulator $EmulatorPath -ArgumentList '--seed', $Seed, '--snapshot-seconds', $SnapshotSec.ToString($Inv), '--no-token-limit'
}

function Invoke-WaitRun {
    <# One fresh-pwsh run of scenarios/BulkWait.ps1 after a reset, analysed against the emulator's request log. #>
    param($Emulator, [string[]] $Ids, [string] $Mode, [double] $SnapshotSec = $D)
    Reset-BenchEmulator $Emulator
    $out = Join-Path $Work "wait-$Mode-$($Ids.Count)-$([guid]::NewGuid().ToString('N').Substring(0, 6)).json"
    Write-Host "  $Mode N=$($Ids.Count) ..." -NoNewline
    Invoke-BenchPwsh (Join-Path $Scenarios 'BulkWait.ps1') -ArgumentList '-ModulePath', $ModulePath, '-InstanceId', ($Ids -join ','), '-Mode', $Mode, '-OutFile', $out
    $r = Get-Content $out -Raw | ConvertFrom-Json
    $log = @(Get-BenchRequestLog $Emulator)
    $api = @($log | Where-Object path -Like '/v1/*')
    $posts = @($api | Where-Object { $_.method -eq 'POST' -and $_.path -like '*/snapshots' })
    $gets = @($api | Where-Object method -EQ 'GET')
    $postAt = @{}
    foreach ($p in ($posts | Where-Object status -EQ 202)) {
        $iid = ($p.path -split '/')[3]
        if (-not $postAt.ContainsKey($iid)) { $postAt[$iid] = $p.time }
    }
    $latency = foreach ($o in @($r.outputs)) {
        if ($postAt.ContainsKey($o.instance_id)) {
            ([DateTimeOffset]::FromUnixTimeMilliseconds([long]$o.t_ms) - $postAt[$o.instance_id].AddSeconds($SnapshotSec)).TotalSeconds
        }
    }
    $floor = Get-BenchRateFloor -N $Ids.Count -D $SnapshotSec
    $res = [pscustomobject]@{
        mode         = $Mode
        n            = $Ids.Count
        wall_s       = [double]$r.wall_s
        floor_s      = $floor
        requests     = $api.Count
        posts        = $posts.Count
        gets         = $gets.Count
        tokens       = @($log | Where-Object path -Like '*/oauth/token').Count
        too_many     = @($log | Where-Object status -EQ 429).Count
        other_errors = @($log | Where-Object { $_.status -ge 400 -and $_.status -ne 429 -or $_.status -eq 0 }).Count
        max_60s      = Get-BenchMaxInWindow -Times @($api | ForEach-Object time) -Seconds 60
        outputs      = @($r.outputs).Count
        completed    = @($r.outputs | Where-Object status -EQ 'Completed').Count
        errors       = @($r.errors)
        latency      = [double[]]@($latency)
    }
    Write-Host (" {0:F1} s, {1} requests, {2} x 429" -f $res.wall_s, $res.requests, $res.too_many)
    $res
}

function Invoke-BulkWaitScenario {
    $seed = Join-Path $Work 'seed.json'
    $ids = New-BenchSeed -Path $seed -Count 200
    $pipelineNs = if ($BulkN) { @($BulkN | ForEach-Object { $_ -split ',' } | ForEach-Object { [int]$_ }) } elseif ($Quick) { 1, 5, 20 } else { 1, 5, 20, 50, 200 }
    $sequentialNs = if ($SkipSequential) { @() } elseif ($Quick) { 1, 5 } elseif ($IncludeLargeSequential) { 1, 5, 20, 50, 200 } else { 1, 5, 20 }
    $emu = Start-WaitEmulator $seed
    $runs = [System.Collections.Generic.List[object]]::new()
    try {
        Use-BenchCredential $emu
        Write-Host "BulkWait: emulator $($emu.BaseUri), D = $DText s, rate limit 125/min"
        foreach ($n in $pipelineNs) { $runs.Add((Invoke-WaitRun $emu $ids[0..($n - 1)] 'Pipeline')) }
        foreach ($n in $sequentialNs) { $runs.Add((Invoke-WaitRun $emu $ids[0..($n - 1)] 'Sequential')) }
    }
    finally { Use-BenchCredential -Clear; Stop-BenchEmulator $emu }

    $one = ($runs | Where-Object { $_.mode -eq 'Pipeline' -and $_.n -eq 1 }).wall_s
    $rows = foreach ($x in $runs) {
        [pscustomobject]@{
            mode               = if ($x.mode -eq 'Pipeline') { 'pipeline' } else { 'foreach' }
            N                  = $x.n
            'wall s'           = F $x.wall_s 1
            'floor s'          = F $x.floor_s 1
            'x floor'          = F ($x.wall_s / $x.floor_s)
            'x N=1'            = F ($x.wall_s / $one)
            requests           = $x.requests
            'POST'             = $x.posts
            'GET'              = $x.gets
            'GET/op'           = F ($x.gets / $x.n) 1
            tokens             = $x.tokens
            '429s'             = $x.too_many
            'max in 60 s'      = $x.max_60s
            'done/N'           = "$($x.completed)/$($x.n)"
            'latency med s'    = F (Get-BenchMedian $x.latency)
        }
    }
    $seqMissing = @(1, 5, 20, 50, 200 | Where-Object { $sequentialNs -notcontains $_ -and $pipelineNs -contains $_ -and -not $SkipSequential })
    foreach ($n in $seqMissing) {
        $rows = @($rows) + [pscustomobject]@{
            mode = 'foreach'; N = $n; 'wall s' = "not run: ~$([math]::Round($n * ($D + 1))) (N x (D + ~1 s))"; 'floor s' = F (Get-BenchRateFloor -N $n -D $D) 1
            'x floor' = ''; 'x N=1' = ''; requests = ''; 'POST' = ''; 'GET' = ''; 'GET/op' = ''; tokens = ''; '429s' = ''; 'max in 60 s' = ''; 'done/N' = ''; 'latency med s' = ''
        }
    }
    $all429 = ($runs | Measure-Object too_many -Sum).Sum
    $fifty = $runs | Where-Object { $_.mode -eq 'Pipeline' -and $_.n -eq 50 }
    $big = $runs | Where-Object { $_.mode -eq 'Pipeline' -and $_.n -eq 200 }
    if ($fifty) { Add-Target 'BulkWait' 'pipeline N=50 vs N=1 wall time' '<= 1.3x' "$(F ($fifty.wall_s / $one))x" (($fifty.wall_s / $one) -le 1.3) }
    if ($big) { Add-Target 'BulkWait' 'pipeline N=200 vs rate floor' '<= 1.25x' "$(F ($big.wall_s / $big.floor_s))x" (($big.wall_s / $big.floor_s) -le 1.25) }
    Add-Target 'BulkWait' '429 answers in all runs' '0' "$all429" ($all429 -eq 0)
    $failed = @($runs | Where-Object { $_.completed -ne $_.n })
    Add-Target 'BulkWait' 'every operation completed and emitted' 'all' "$(@($runs).Count - $failed.Count)/$(@($runs).Count) runs" ($failed.Count -eq 0)
    $errText = foreach ($x in $runs) { foreach ($e in $x.errors) { "- $($x.mode) N=$($x.n): $($e.id): $($e.message)" } }
    $errText = @($errText | Select-Object -Unique | Select-Object -First 10)

    $md = @"
## BulkWait: New-AuraSnapshot -Wait for N instances

Emulator: ``--snapshot-seconds $DText`` (D), the API's rate limit (125 requests in any 60 s), a seed of 200 running instances;
reset before each run (request log and sliding window empty), each run in a fresh pwsh (the module's pacer empty),
``Connect-Aura`` with the default pacing. *pipeline*: ```$ids | % { [pscustomobject]@{InstanceId=`$_} } | New-AuraSnapshot -Wait``;
*foreach*: ``foreach (`$id in `$ids) { New-AuraSnapshot -InstanceId `$id -Wait }``. Wall time: from the first object sent
to the last output (connect excluded). Floor: the least time for N POSTs and N GETs (each GET at least D after its POST) with
no 60 s window over 125 requests. Requests, 429s and "max in 60 s" come from the emulator's request log (API requests;
tokens counted apart). Latency: output time minus (POST time + D), see the Latency scenario.

$(ConvertTo-BenchMarkdown @($rows))

$(if ($errText) { "Errors reported by the runs:`n`n" + ($errText -join "`n") } else { 'No run reported an error.' })

Reproduce: ``dotnet pwsh -File benchmarks/Invoke-Benchmarks.ps1 -Scenario BulkWait$quickNote`` (add ``-IncludeLargeSequential`` for foreach N=50, 200).
"@
    Write-Section 'bulkwait' $md
}

# ---------------------------------------------------------------------------------------------------------------
function Invoke-LatencyScenario {
    $seed = Join-Path $Work 'seed.json'
    $ids = New-BenchSeed -Path $seed -Count 200
    $plan = if ($Quick) { @(1, 20) } else { @(1, 1, 1, 20, 20) }
    $emu = Start-WaitEmulator $seed
    $runs = [System.Collections.Generic.List[object]]::new()
    try {
        Use-BenchCredential $emu
        Write-Host "Latency: emulator $($emu.BaseUri), D = $DText s"
        foreach ($n in $plan) { $runs.Add((Invoke-WaitRun $emu $ids[0..($n - 1)] 'Pipeline')) }
    }
    finally { Use-BenchCredential -Clear; Stop-BenchEmulator $emu }

    $rows = foreach ($n in ($plan | Select-Object -Unique)) {
        $set = @($runs | Where-Object n -EQ $n)
        $lat = [double[]]@($set | ForEach-Object { $_.latency })
        $median = Get-BenchMedian $lat
        Add-Target 'Latency' "completion to output, N=$n (median)" '< 1.5 s' "$(F $median) s" ($median -lt 1.5)
        [pscustomobject]@{
            'operations at once' = $n
            runs                 = $set.Count
            samples              = $lat.Count
            'median s'           = F $median
            'p90 s'              = F (Get-BenchPercentile $lat 90)
            'max s'              = F (($lat | Measure-Object -Maximum).Maximum)
            'min s'              = F (($lat | Measure-Object -Minimum).Minimum)
            'GET/op'             = F ((($set | Measure-Object gets -Sum).Sum) / (($set | Measure-Object n -Sum).Sum)) 1
            '429s'               = ($set | Measure-Object too_many -Sum).Sum
            'max in 60 s'        = ($set | Measure-Object max_60s -Maximum).Maximum
        }
    }
    $md = @"
## Latency: from completion to the pipeline

The emulator completes a snapshot exactly D = $DText s after its POST (the POST's time in the request log). Latency = the
UTC time the object reached the next command in the pipeline minus (POST time + D); same host, same clock. The API's
rate limit is on (125/min) and the module paces at its default. The official Aura CLI polls every 20 s (expected latency ~10 s).

$(ConvertTo-BenchMarkdown @($rows))

Reproduce: ``dotnet pwsh -File benchmarks/Invoke-Benchmarks.ps1 -Scenario Latency$quickNote``
"@
    Write-Section 'latency' $md
}

# ---------------------------------------------------------------------------------------------------------------
function Invoke-RequestsScenario {
    $seed = Join-Path $Work 'seed.json'
    $ids = New-BenchSeed -Path $seed -Count 200
    $waitD = 3
    $emu = Start-WaitEmulator $seed -SnapshotSec $waitD
    try {
        Use-BenchCredential $emu
        Reset-BenchEmulator $emu
        $out = Join-Path $Work 'requests.json'
        $argsList = @('-ModulePath', $ModulePath, '-InstanceId', $ids[0], '-OutFile', $out)
        if ($Quick) { $argsList += '-SkipLifetime' }
        Write-Host 'Requests: one session, ForEach-Object -Parallel, a waited operation, token lifetime ...'
        Invoke-BenchPwsh (Join-Path $Scenarios 'Requests.ps1') -ArgumentList $argsList
        $r = Get-Content $out -Raw | ConvertFrom-Json
        $log = @(Get-BenchRequestLog $emu)
    }
    finally { Use-BenchCredential -Clear; Stop-BenchEmulator $emu }

    $labels = @{
        'session'          = 'Connect-Aura + 5 cmdlets (tenants, list -Summary, by id, by name: 10 matches, snapshots)'
        'parallel-using'   = 'ForEach-Object -Parallel x8 (4 runspaces), -Connection $using:conn'
        'parallel-connect' = 'ForEach-Object -Parallel x8 (4 runspaces), Connect-Aura in each'
        'wait'             = "New-AuraSnapshot -Wait, one operation (D = $waitD s)"
        'lifetime'         = 'token lifetime L s, Get-AuraInstance every 0.5 s'
    }
    $rows = foreach ($p in $r.phases) {
        $from = [DateTimeOffset]::FromUnixTimeMilliseconds([long]$p.from_ms).AddMilliseconds(-5)
        $to = [DateTimeOffset]::FromUnixTimeMilliseconds([long]$p.to_ms).AddMilliseconds(5)
        $inPhase = @($log | Where-Object { $_.time -ge $from -and $_.time -le $to })
        $tokens = @($inPhase | Where-Object path -Like '*/oauth/token').Count
        $api = @($inPhase | Where-Object path -Like '/v1/*')
        $ideal = switch ($p.name) {
            'session' { 1 }
            # A token is usable until the last tenth of its life (at most 5 min), the module's renewal margin:
            # one request per usable lifetime. A client with no margin would need ceil(run / lifetime), see below.
            'lifetime' {
                $life = [double]$p.info.lifetime_s
                [math]::Ceiling([double]$p.info.run_s / ($life - [math]::Min(300, $life / 10)))
            }
            default { 0 }
        }
        $label = $labels[$p.name]
        if ($p.name -eq 'lifetime') { $label = $label -replace 'L s', "$($p.info.lifetime_s) s, $($p.info.run_s) s run" }
        $met = $tokens -le $ideal
        $what = "token requests: $($p.name)"
        Add-Target 'Requests' $what "<= $ideal" "$tokens" $met
        [pscustomobject]@{
            phase            = $label
            seconds          = F $p.seconds 1
            'token requests' = $tokens
            'ideal'          = $ideal
            'API requests'   = $api.Count
            'GET'            = @($api | Where-Object method -EQ 'GET').Count
            'POST'           = @($api | Where-Object method -EQ 'POST').Count
            '429s'           = @($inPhase | Where-Object status -EQ 429).Count
            'other errors'   = @($inPhase | Where-Object { $_.status -ge 400 -and $_.status -ne 429 }).Count
        }
    }
    $wait = $r.phases | Where-Object name -EQ 'wait'
    $lifetimePhase = $r.phases | Where-Object name -EQ 'lifetime'
    $waitLog = if ($wait) { @($log | Where-Object { $_.time -ge [DateTimeOffset]::FromUnixTimeMilliseconds([long]$wait.from_ms) -and $_.time -le [DateTimeOffset]::FromUnixTimeMilliseconds([long]$wait.to_ms).AddMilliseconds(5) -and $_.path -like '/v1/*' -and $_.method -eq 'GET' }) } else { @() }
    $md = @"
## Requests: token requests per session, polls per operation

One fresh pwsh, phases in order; the emulator's request log split by the phases' start and end. "ideal" is one token
per token lifetime: 1 for the session (3600 s tokens), 0 more for the runspaces, and for the lifetime phase one per
*usable* lifetime, ceil(run / (lifetime - margin)): the module renews a token in the last tenth of its life (at most
5 min before it expires) so that no request goes out on a token about to expire. A client with no margin at all
would need ceil(run / lifetime)$(if ($lifetimePhase) { " = $([math]::Ceiling([double]$lifetimePhase.info.run_s / [double]$lifetimePhase.info.lifetime_s))" }) here, and would see a 403 and a renewal whenever a request meets the expiry.

$(ConvertTo-BenchMarkdown @($rows))

Polls for one waited snapshot (D = $waitD s): $($waitLog.Count) GET. Polls per operation in bulk: see the GET/op column of BulkWait.

Reproduce: ``dotnet pwsh -File benchmarks/Invoke-Benchmarks.ps1 -Scenario Requests$quickNote``
"@
    Write-Section 'requests' $md
}

# ---------------------------------------------------------------------------------------------------------------
$startLoad = Get-BenchLoad
$started = [DateTimeOffset]::Now
$commit = try { (git -C (Get-BenchRepoRoot) rev-parse --short HEAD 2>$null) } catch { '' }
Write-Host "Neo4jAura benchmarks: $($Scenario -join ', ')$quickNote; module $ModulePath; load $startLoad" -ForegroundColor Cyan
try {
    foreach ($s in $Scenario) {
        $t = [System.Diagnostics.Stopwatch]::StartNew()
        & "Invoke-$($s)Scenario"
        Write-Host "($s took $([math]::Round($t.Elapsed.TotalSeconds)) s)" -ForegroundColor DarkGray
    }
}
finally {
    Remove-Item $Work -Recurse -Force -ErrorAction SilentlyContinue
}
$endLoad = Get-BenchLoad
$summary = @"
# Neo4jAura benchmark run

- when: $($started.ToString('yyyy-MM-dd HH:mm zzz', $Inv)), $([math]::Round(([DateTimeOffset]::Now - $started).TotalMinutes, 1)) min; scenarios: $($Scenario -join ', ')$quickNote
- machine: $([Environment]::ProcessorCount) cores, $([Runtime.InteropServices.RuntimeInformation]::OSDescription), .NET $([Environment]::Version), PowerShell $($PSVersionTable.PSVersion)
- load average (1/5/15 min): $startLoad at the start, $endLoad at the end
- commit: $commit

$(if ($Targets.Count) { ConvertTo-BenchMarkdown @($Targets) } else { '' })
"@
Set-Content -Path (Join-Path $ResultsPath 'summary.md') -Value $summary -Encoding utf8
Write-Host ''
Write-Host $summary
