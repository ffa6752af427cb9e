# Test-AuraSnapshot (restore drills and the -NoRestore audit) against the emulator: every outcome (pass, a failed
# restore, a failing -Test, a timeout, Ctrl+C) leaves no scratch instance behind unless -KeepInstance.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    $script:emu = Start-AuraTestSession -ArgumentList '--creation-seconds', '1'
    $script:seedIds = 'a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6', 'd4e5f6a7', 'e5f6a7b8'

    function Set-EmulatorSetting([hashtable] $Settings) { $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/settings' -Body $Settings }
    function Get-Creates { @(Get-ApiLog | Where-Object { $_.method -eq 'POST' -and $_.path -eq '/v1/instances' }) }
    function Get-ScratchIds { @((Invoke-AuraEmulatorControl $emu -Path '/_emulator/state').instances | Where-Object { $_.id -notin $seedIds } | ForEach-Object id) }
    function TimeOf($entry) { [DateTimeOffset]::Parse($entry.time, [cultureinfo]::InvariantCulture) }
    function Assert-ScratchGone([string] $Id) {
        # Its DELETE was accepted once, and once the delete transition is over Aura answers 404 for it.
        $Id | Should -Not -BeNullOrEmpty
        $deletes = @(Get-ApiLog | Where-Object { $_.method -eq 'DELETE' -and $_.path -eq "/v1/instances/$Id" -and $_.status -eq 202 })
        $deletes.Count | Should -Be 1 -Because "the scratch instance $Id is deleted exactly once"
        $deadline = [DateTime]::UtcNow.AddSeconds(6)
        $gone = $false
        while (-not $gone -and [DateTime]::UtcNow -lt $deadline) {
            $errs = $null
            $null = Get-AuraInstance -InstanceId $Id -ErrorAction SilentlyContinue -ErrorVariable errs
            $gone = $errs -and (ErrorIdOf $errs[0]) -eq 'AuraInstanceNotFound'
            if (-not $gone) { Start-Sleep -Milliseconds 200 }
        }
        $gone | Should -BeTrue -Because "GET /instances/$Id answers 404 after the delete"
    }
    function Get-NewestGoodSnapshot([string] $InstanceId) {
        Get-AuraSnapshot -InstanceId $InstanceId -Status Completed -Exportable -Latest
    }
}

AfterAll { Stop-AuraTestSession $script:emu }

Describe 'Test-AuraSnapshot drills' {
    BeforeEach { Reset-Emulator }

    It 'passes: restores the newest exportable snapshot into a scratch instance, runs -Test with it, removes it' {
        $expected = Get-NewestGoodSnapshot 'a1b2c3d4'
        Clear-AuraEmulatorRequestLog $emu
        $result = Test-AuraSnapshot -InstanceId 'a1b2c3d4' -TimeoutSec 30 -Test {
            param($instance)
            "$($_.Id)|$($instance.Name)|$($_.Status)|$($_.Credential.UserName)|$([bool]$_.Credential.GetNetworkCredential().Password)"
        } -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $result.PSObject.TypeNames[0] | Should -Be 'Neo4jAura.AuraSnapshotTest'
        $result.InstanceId | Should -Be 'a1b2c3d4'
        $result.InstanceName | Should -Be 'prod-orders'
        $result.SnapshotId | Should -Be $expected.SnapshotId
        $result.Exportable | Should -BeTrue
        $result.Restored | Should -BeTrue
        $result.Passed | Should -BeTrue
        $result.Error | Should -BeNullOrEmpty
        $result.ScratchInstanceKept | Should -BeFalse
        $result.ScratchInstanceName | Should -Match '^drill-prod-orders-\d{10}$'
        $result.TestResult | Should -Be "$($result.ScratchInstanceId)|$($result.ScratchInstanceName)|running|neo4j|True"
        $log = Get-ApiLog
        @($log | Where-Object { $_.method -in 'POST', 'PATCH', 'DELETE' }).Count | Should -Be 2   # one create, one delete
        @(Get-Creates).Count | Should -Be 1
        $log.Count | Should -BeLessOrEqual 10   # instance, a day of snapshots, tenant, create, a few polls, delete
        Assert-ScratchGone $result.ScratchInstanceId
    }

    It 'reports RPO and RTO from the API''s timestamps: SnapshotTime is the snapshot''s, SnapshotAge is now minus it' {
        Set-EmulatorSetting @{ creation_seconds = 2 }
        $expected = Get-NewestGoodSnapshot 'b2c3d4e5'
        Clear-AuraEmulatorRequestLog $emu
        $before = [DateTimeOffset]::UtcNow
        $result = Test-AuraSnapshot -InstanceId 'b2c3d4e5' -TimeoutSec 30
        $after = [DateTimeOffset]::UtcNow
        $result.Passed | Should -BeTrue
        $result.SnapshotTime | Should -BeOfType [DateTimeOffset]
        $result.SnapshotTime | Should -Be $expected.Timestamp
        $result.SnapshotAge | Should -BeOfType [TimeSpan]
        $result.SnapshotAge | Should -BeGreaterOrEqual ($before - $expected.Timestamp - [TimeSpan]::FromSeconds(1))
        $result.SnapshotAge | Should -BeLessOrEqual ($after - $expected.Timestamp)
        # RTO: from the create request to the scratch instance running (the emulator takes 2 s), within the call.
        $result.RestoreDuration | Should -BeOfType [TimeSpan]
        $result.RestoreDuration.TotalSeconds | Should -BeGreaterOrEqual 1.9
        $result.RestoreDuration | Should -BeLessOrEqual ($after - $before)
        $create = Get-Creates | Select-Object -First 1
        $delete = Get-ApiLog | Where-Object method -eq 'DELETE' | Select-Object -First 1
        $result.RestoreDuration | Should -BeLessOrEqual ((TimeOf $delete) - (TimeOf $create) + [TimeSpan]::FromMilliseconds(500))
        $result.TestedAt | Should -BeGreaterOrEqual $before
        Assert-ScratchGone $result.ScratchInstanceId
    }

    It 'fails at the restore (the clone ends in loading failed) and still removes the scratch instance' {
        Set-EmulatorSetting @{ fail_next_clones = 1 }
        Clear-AuraEmulatorRequestLog $emu
        $result = Test-AuraSnapshot -InstanceId 'a1b2c3d4' -TimeoutSec 30 -Test { 'never run' } -ErrorVariable errs -ErrorAction SilentlyContinue
        $result.Restored | Should -BeFalse
        $result.Passed | Should -BeFalse
        $result.TestResult | Should -BeNullOrEmpty
        $result.Error | Should -Match "loading failed"
        $errs.Count | Should -Be 1
        ErrorIdOf $errs[0] | Should -Be 'AuraRestoreDrillFailed'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $errs[0].TargetObject | Should -Be $result
        $errs[0].Exception.Message | Should -Match '^prod-orders: The restore failed'
        @(Get-Creates).Count | Should -Be 1
        Assert-ScratchGone $result.ScratchInstanceId
    }

    It 'fails when the -Test script throws, and removes the scratch instance' {
        Clear-AuraEmulatorRequestLog $emu
        $result = Test-AuraSnapshot -InstanceId 'a1b2c3d4' -TimeoutSec 30 -Test { throw 'no orders table' } -ErrorVariable errs -ErrorAction SilentlyContinue
        $result.Restored | Should -BeTrue
        $result.RestoreDuration | Should -Not -BeNullOrEmpty
        $result.Passed | Should -BeFalse
        $result.Error | Should -Be 'The -Test script failed: no orders table'
        ErrorIdOf $errs[0] | Should -Be 'AuraRestoreDrillFailed'
        $errs[0].TargetObject.ScratchInstanceId | Should -Be $result.ScratchInstanceId
        Assert-ScratchGone $result.ScratchInstanceId
    }

    It 'fails when the -Test script returns a lone $false (but not $false among other output), removing each scratch instance' {
        Clear-AuraEmulatorRequestLog $emu
        $result = Test-AuraSnapshot -InstanceId 'a1b2c3d4' -TimeoutSec 30 -Test { $false } -ErrorVariable errs -ErrorAction SilentlyContinue
        $result.Passed | Should -BeFalse
        $result.TestResult | Should -BeFalse
        $result.Error | Should -Be 'The -Test script returned $false.'
        ErrorIdOf $errs[0] | Should -Be 'AuraRestoreDrillFailed'
        Assert-ScratchGone $result.ScratchInstanceId
        $many = Test-AuraSnapshot -InstanceId 'a1b2c3d4' -TimeoutSec 30 -Test { 42; $false }
        $many.Passed | Should -BeTrue
        $many.TestResult | Should -Be @(42, $false)
        Assert-ScratchGone $many.ScratchInstanceId
    }

    It 'fails at the timeout (a restore slower than -TimeoutSec) and removes the scratch instance once Aura allows it' {
        Set-EmulatorSetting @{ creation_seconds = 5 }
        Clear-AuraEmulatorRequestLog $emu
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = Test-AuraSnapshot -InstanceId 'a1b2c3d4' -TimeoutSec 2 -ErrorVariable errs -ErrorAction SilentlyContinue
        $watch.Stop()
        $result.Restored | Should -BeFalse
        $result.Passed | Should -BeFalse
        $result.Error | Should -Match "did not run within 2 s \(last status 'creating'\)"
        ErrorIdOf $errs[0] | Should -Be 'AuraRestoreDrillTimeout'
        $errs[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
        Assert-ScratchGone $result.ScratchInstanceId
    }

    It 'removes the scratch instance when the drill is stopped (Ctrl+C) after the scratch instance exists' {
        Set-EmulatorSetting @{ creation_seconds = 4 }
        Clear-AuraEmulatorRequestLog $emu
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $BaseUri, $ClientId, $Secret)
                    Import-Module $ModulePath
                    Connect-Aura -ClientId $ClientId -ClientSecret (ConvertTo-SecureString $Secret -AsPlainText -Force) -BaseUri $BaseUri
                    Test-AuraSnapshot -InstanceId 'a1b2c3d4' -TimeoutSec 60
                }).AddArgument((Get-AuraTestModulePath)).AddArgument($emu.BaseUri).AddArgument($emu.ClientId).AddArgument($emu.ClientSecret)
            $handle = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while (-not (Get-Creates | Where-Object status -eq 202) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            $scratch = @(Get-ScratchIds)
            $scratch.Count | Should -Be 1 -Because 'the drill has created its scratch instance'
            $handle.IsCompleted | Should -BeFalse -Because 'it is still waiting for the scratch instance to run'
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
        @(Get-Creates).Count | Should -Be 1
        Assert-ScratchGone $scratch[0]
    }

    It '-KeepInstance keeps the scratch instance (the smallest size offered for the source''s type and region) and says so' {
        Clear-AuraEmulatorRequestLog $emu
        $result = Test-AuraSnapshot -InstanceId 'a1b2c3d4' -TimeoutSec 30 -KeepInstance -WarningVariable warnings -WarningAction SilentlyContinue
        $result.Passed | Should -BeTrue
        $result.ScratchInstanceKept | Should -BeTrue
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match ([regex]::Escape("Remove-AuraInstance -InstanceId $($result.ScratchInstanceId) -Force"))
        $warnings[0].Message | Should -BeLike "Kept the scratch instance $($result.ScratchInstanceName) ($($result.ScratchInstanceId)) (-KeepInstance)*"
        @(Get-ApiLog | Where-Object method -eq 'DELETE').Count | Should -Be 0
        $kept = Get-AuraInstance -InstanceId $result.ScratchInstanceId
        $kept.Status | Should -Be 'running'
        $kept.Name | Should -Be $result.ScratchInstanceName
        $kept.Type | Should -Be 'enterprise-db'
        "$($kept.CloudProvider) $($kept.Region)" | Should -Be 'gcp europe-west1'
        "$($kept.Memory)" | Should -Be '2GB'
        Remove-AuraInstance -InstanceId $kept.Id -Force
    }

    It '-WhatIf sends no POST and outputs nothing' {
        Clear-AuraEmulatorRequestLog $emu
        Test-AuraSnapshot -InstanceId 'a1b2c3d4' -WhatIf | Should -BeNullOrEmpty
        Get-ApiLog | Where-Object method -ne 'GET' | Should -BeNullOrEmpty
        Get-ScratchIds | Should -BeNullOrEmpty
    }

    It 'drills a piped snapshot (Get-AuraSnapshot | Test-AuraSnapshot), and refuses a non-exportable one before creating anything' {
        $chosen = Get-AuraSnapshot -InstanceId 'c3d4e5f6' -Date ([DateTime]::UtcNow.Date.AddDays(-5)) -Profile AdHoc -Status Completed | Select-Object -First 1
        $chosen | Should -Not -BeNullOrEmpty
        $result = $chosen | Test-AuraSnapshot -TimeoutSec 30
        $result.SnapshotId | Should -Be $chosen.SnapshotId
        $result.SnapshotTime | Should -Be $chosen.Timestamp
        $result.Passed | Should -BeTrue
        Assert-ScratchGone $result.ScratchInstanceId
        # Yesterday: a whole day of hourly differentials, whatever the time of day the suite runs.
        $differential = Get-AuraSnapshot -InstanceId 'a1b2c3d4' -Date ([DateTime]::UtcNow.Date.AddDays(-1)) -Profile Scheduled | Where-Object { -not $_.Exportable } | Select-Object -First 1
        $differential | Should -Not -BeNullOrEmpty
        Clear-AuraEmulatorRequestLog $emu
        $refused = $differential | Test-AuraSnapshot -ErrorVariable errs -ErrorAction SilentlyContinue
        $refused.Passed | Should -BeFalse
        ErrorIdOf $errs[0] | Should -Be 'AuraSnapshotNotExportable'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        Get-Creates | Should -BeNullOrEmpty
    }

    It 'names the scratch instance within 30 characters for a source with a 30-character name' {
        $name = 'staging-orders-eu-west-replica'
        $name.Length | Should -Be 30
        $null = Set-AuraInstance -InstanceId 'd4e5f6a7' -Name $name
        $result = Test-AuraSnapshot -InstanceId 'd4e5f6a7' -TimeoutSec 30
        $result.Passed | Should -BeTrue
        $result.InstanceName | Should -Be $name
        $result.ScratchInstanceName.Length | Should -BeLessOrEqual 30
        $result.ScratchInstanceName | Should -Match '^drill-staging-order-\d{10}$'
        $text = ($result | Out-String -Width 120) -replace '\e\[[0-9;]*m', ''
        $text | Should -Match ([regex]::Escape($name))
        $text | Should -Not -Match '…'
        Assert-ScratchGone $result.ScratchInstanceId
    }
}

Describe 'Test-AuraSnapshot -NoRestore' {
    BeforeEach { Reset-Emulator }

    It 'creates nothing and reports the newest good snapshot''s age against -MaxSnapshotAge' {
        $newest = Get-NewestGoodSnapshot 'a1b2c3d4'
        $age = [DateTimeOffset]::UtcNow - $newest.Timestamp
        Clear-AuraEmulatorRequestLog $emu
        $ok = Test-AuraSnapshot -InstanceId 'a1b2c3d4' -NoRestore -MaxSnapshotAge ($age + [TimeSpan]::FromMinutes(10))
        $ok.Passed | Should -BeTrue
        $ok.Restored | Should -BeFalse
        $ok.ScratchInstanceId | Should -BeNullOrEmpty
        $ok.SnapshotId | Should -Be $newest.SnapshotId
        $ok.SnapshotTime | Should -Be $newest.Timestamp
        [Math]::Abs(($ok.SnapshotAge - $age).TotalSeconds) | Should -BeLessThan 5
        $tight = [TimeSpan]::FromSeconds([Math]::Max(1, $age.TotalSeconds - 60))
        $late = Test-AuraSnapshot -InstanceId 'a1b2c3d4' -NoRestore -MaxSnapshotAge $tight -ErrorVariable errs -ErrorAction SilentlyContinue
        $late.Passed | Should -BeFalse
        $late.Error | Should -Match 'more than -MaxSnapshotAge'
        ErrorIdOf $errs[0] | Should -Be 'AuraSnapshotTooOld'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        Get-ApiLog | Where-Object method -ne 'GET' | Should -BeNullOrEmpty
    }

    It 'reports an instance without a good snapshot as AuraSnapshotMissing, looking back -MaxAgeDays days, one request a day' {
        Clear-AuraEmulatorRequestLog $emu
        $result = Test-AuraSnapshot -InstanceId 'e5f6a7b8' -NoRestore -MaxAgeDays 3 -ErrorVariable errs -ErrorAction SilentlyContinue
        $result.Passed | Should -BeFalse
        $result.SnapshotId | Should -BeNullOrEmpty
        ErrorIdOf $errs[0] | Should -Be 'AuraSnapshotMissing'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        @(Get-ApiLog | Where-Object path -eq '/v1/instances/e5f6a7b8/snapshots').Count | Should -Be 3
        Get-ApiLog | Where-Object method -ne 'GET' | Should -BeNullOrEmpty
    }
}

Describe 'Test-AuraSnapshot with several instances' {
    BeforeEach { Reset-Emulator }

    It 'drills piped instances together within -ThrottleLimit, each created and removed once' {
        Set-EmulatorSetting @{ creation_seconds = 2 }
        Clear-AuraEmulatorRequestLog $emu
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $results = @(Get-AuraInstance -Name 'prod-*' | Test-AuraSnapshot -ThrottleLimit 2 -TimeoutSec 30)
        $watch.Stop()
        $results.Count | Should -Be 3
        $results.Passed | Sort-Object -Unique | Should -Be $true
        $results.InstanceName | Sort-Object | Should -Be @('prod-analytics', 'prod-catalog', 'prod-orders')
        # How many scratch instances existed at once, from the log: a create adds one, a delete removes one.
        $live = 0; $most = 0
        foreach ($entry in Get-ApiLog | Where-Object { ($_.method -eq 'POST' -and $_.path -eq '/v1/instances') -or $_.method -eq 'DELETE' }) {
            if ($entry.method -eq 'POST') { $live++ } else { $live-- }
            $most = [Math]::Max($most, $live)
        }
        $most | Should -Be 2
        @(Get-Creates).Count | Should -Be 3
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10   # bounded; the overlap itself is proved by $most above
        $log = Get-ApiLog
        @($log | Where-Object status -eq 429).Count | Should -Be 0
        $log.Count | Should -BeLessOrEqual 40   # a handful of requests per drill: well within 125 a minute
        foreach ($r in $results) { Assert-ScratchGone $r.ScratchInstanceId }
    }

    It 'waits for a slot when Aura''s instance limit is reached (405) instead of failing' {
        Set-EmulatorSetting @{ instance_limit = 4; transition_seconds = 0 }   # the production tenant holds 3: one scratch instance at a time
        Clear-AuraEmulatorRequestLog $emu
        $results = @(Get-AuraInstance -Name 'prod-*' | Test-AuraSnapshot -ThrottleLimit 3 -TimeoutSec 40 -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $results.Count | Should -Be 3
        $results.Passed | Sort-Object -Unique | Should -Be $true
        $creates = Get-Creates
        @($creates | Where-Object status -eq 405).Count | Should -BeGreaterThan 0
        @($creates | Where-Object status -eq 202).Count | Should -Be 3
        foreach ($r in $results) {
            @(Get-ApiLog | Where-Object { $_.method -eq 'DELETE' -and $_.path -eq "/v1/instances/$($r.ScratchInstanceId)" }).Count | Should -Be 1
        }
        Get-ScratchIds | Should -BeNullOrEmpty
    }
}
