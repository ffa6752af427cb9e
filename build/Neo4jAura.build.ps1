<#
.SYNOPSIS
    Neo4jAura's build tasks for Invoke-Build. Run them through ../build.ps1 (it restores Invoke-Build and Pester).
#>
param(
    [string] $Configuration = 'Release',
    [string] $PesterFilter = '*',
    [string] $XunitFilter = '',
    [string] $ApiKey = $env:PSGALLERY_API_KEY
)

$Root = Split-Path $BuildRoot -Parent
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'Neo4jAura'
$ResultsDir = Join-Path $Out 'test-results'
$NuGetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$PesterModule = Join-Path $NuGetRoot 'pester/5.7.1/tools/Pester.psd1'

# Synopsis: Build the module (out/Neo4jAura) and the emulator.
task Build {
    exec { dotnet build (Join-Path $Root 'Neo4jAura.sln') -c $Configuration --nologo -v quiet }
    if (-not (Test-Path (Join-Path $ModuleOut 'Neo4jAura.dll'))) { throw "The build did not assemble $ModuleOut." }
}

# Synopsis: Regenerate en-US/Neo4jAura.dll-Help.xml from docs/en-US/*.md.
task Help -If { Test-Path (Join-Path $Root 'build/New-AuraMamlHelp.ps1') } {
    & (Join-Path $Root 'build/New-AuraMamlHelp.ps1')
}

# Synopsis: xunit and Pester; ends with one summary line.
task Test Build, {
    Remove-Item $ResultsDir -Recurse -Force -ErrorAction SilentlyContinue
    $null = New-Item -ItemType Directory -Force $ResultsDir

    # xunit: every test project of the solution, results as TRX.
    $xunitArgs = @('test', (Join-Path $Root 'Neo4jAura.sln'), '-c', $Configuration, '--no-build', '--nologo',
        '--logger', 'trx', '--logger', 'console;verbosity=minimal', '--results-directory', (Join-Path $ResultsDir 'xunit'))
    if ($XunitFilter) { $xunitArgs += @('--filter', $XunitFilter) }
    dotnet @xunitArgs
    $xunitExit = $LASTEXITCODE
    $x = @{ passed = 0; failed = 0; skipped = 0 }
    foreach ($trx in Get-ChildItem (Join-Path $ResultsDir 'xunit') -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        $counters = ([xml](Get-Content -LiteralPath $trx.FullName -Raw)).TestRun.ResultSummary.Counters
        $x.passed += [int]$counters.passed
        $x.failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $x.skipped += [int]$counters.notExecuted
    }
    if ($xunitExit -and -not $x.failed) { $x.failed = 1 }  # the run itself failed (build or host crash)
    print Cyan "xunit: $($x.passed) passed, $($x.failed) failed, $($x.skipped) skipped"

    # Pester: in a fresh pwsh, as a user would, against the built module and the emulator.
    $pesterJson = Join-Path $ResultsDir 'pester.json'
    # The filter travels in the environment: pwsh on Unix would expand a bare '*' argument against the files here.
    $env:NEO4JAURA_PESTER_FILTER = $PesterFilter
    try {
        # The cases' own "What if:" and "VERBOSE:" lines (the host writes them, the tests mean them) are left out of the
        # log, so that it shows the tests' results and their failures.
        dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Pester/Invoke-PesterSuite.ps1') `
            -PesterModule $PesterModule -ModulePath $ModuleOut -ResultPath $pesterJson 2>&1 |
            ForEach-Object { $line = "$_"; if ($line -notmatch '^(\e\[[0-9;]*m)*(What if: |VERBOSE: )') { Write-Host $line } }
    }
    finally { Remove-Item Env:NEO4JAURA_PESTER_FILTER -ErrorAction SilentlyContinue }
    $p = if (Test-Path $pesterJson) { Get-Content $pesterJson -Raw | ConvertFrom-Json } else { [pscustomobject]@{ passed = 0; failed = 1; skipped = 0 } }
    print Cyan "Pester: $($p.passed) passed, $($p.failed) failed, $($p.skipped) skipped"

    $passed = $x.passed + $p.passed; $failed = $x.failed + $p.failed; $skipped = $x.skipped + $p.skipped
    $summary = "Total: $passed passed, $failed failed, $skipped skipped"
    Set-Content -Path (Join-Path $ResultsDir 'summary.txt') -Value $summary
    print $(if ($failed) { 'Red' } else { 'Green' }) $summary
    if ($failed -or ($passed -eq 0)) { throw "Tests failed: $summary" }
}

# Synopsis: Run the flagship runbook (nightly snapshots) against a local emulator.
task Demo Build, {
    Import-Module (Join-Path $Root 'tests/Pester/Aura.TestHarness.psm1') -Force
    $emu = Start-AuraTestEmulator -TransitionSeconds 2 -SnapshotSeconds 3
    try {
        print Cyan "Emulator listening on $($emu.BaseUri) (client id $($emu.ClientId))"
        $runbook = Join-Path $Root 'examples/Invoke-NightlySnapshots.ps1'
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleOut'
`$secret = ConvertTo-SecureString -String `$env:AURA_DEMO_SECRET -AsPlainText -Force
`$cred = [pscredential]::new('$($emu.ClientId)', `$secret)
Write-Host 'Instances before the run:' -ForegroundColor Cyan
Connect-Aura -Credential `$cred -BaseUri '$($emu.BaseUri)'
Get-AuraInstance | Format-Table | Out-Host
& '$runbook' -Credential `$cred -BaseUri '$($emu.BaseUri)'
exit `$LASTEXITCODE
"@
        $env:AURA_DEMO_SECRET = $emu.ClientSecret
        try { dotnet pwsh -NoProfile -NonInteractive -Command $script } finally { Remove-Item Env:AURA_DEMO_SECRET }
        $demoExit = $LASTEXITCODE
        $log = Get-AuraEmulatorRequestLog $emu
        print Cyan "The emulator saw $($log.Count) requests: $(($log | Group-Object method | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', ')."
        if ($demoExit) { throw "The runbook reported failures (exit code $demoExit)." }
    }
    finally { Stop-AuraTestEmulator $emu }
}

# Synopsis: The PowerShell Gallery package and the emulator's .NET tool package, in out/packages.
task Package Build, {
    $packages = Join-Path $Out 'packages'
    $null = New-Item -ItemType Directory -Force $packages
    Get-ChildItem $packages -Filter 'Neo4jAura.*.nupkg' -ErrorAction SilentlyContinue | Remove-Item
    # A local file repository makes PSResourceGet write the same .nupkg the Gallery receives.
    $repository = 'Neo4jAuraBuild' + [guid]::NewGuid().ToString('N').Substring(0, 8)
    Register-PSResourceRepository -Name $repository -Uri $packages -Trusted
    try { Publish-PSResource -Path $ModuleOut -Repository $repository }
    finally { Unregister-PSResourceRepository -Name $repository }
    exec { dotnet pack (Join-Path $Root 'src/Neo4jAura.Emulator/Neo4jAura.Emulator.csproj') -c $Configuration --nologo -v quiet -o $packages }
    Get-ChildItem $packages -Filter *.nupkg | ForEach-Object { print Green "Package: $($_.FullName)" }
}

# Synopsis: Publish the module to the PowerShell Gallery.
task Publish Package, {
    if (-not $ApiKey) { throw 'Publish needs -ApiKey or $env:PSGALLERY_API_KEY.' }
    Publish-PSResource -Path $ModuleOut -Repository PSGallery -ApiKey $ApiKey
}

# Synopsis: Run the benchmarks and print their tables.
task Benchmark Build, {
    $runner = Join-Path $Root 'benchmarks/Invoke-Benchmarks.ps1'
    if (-not (Test-Path $runner)) { throw 'No benchmark runner yet: benchmarks/Invoke-Benchmarks.ps1' }
    & $runner -ModulePath $ModuleOut
}

# Synopsis: Remove build output.
task Clean {
    Remove-Item $Out -Recurse -Force -ErrorAction SilentlyContinue
    Get-ChildItem $Root -Include bin, obj -Directory -Recurse | Where-Object FullName -NotMatch '[\\/]\.git[\\/]' |
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue
}

task . Build
