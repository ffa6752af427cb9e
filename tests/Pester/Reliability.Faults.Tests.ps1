# Reliability: injected faults (429 storms, 5xx bursts, slow answers, dropped connections, a token expiring in a
# pipeline) against the emulator. Each case checks its own expectations from the emulator's request log and the
# module's results, then the invariants every case holds (no unsafe resend, nothing lost, no request beyond the
# rate limit), and writes its row to out/test-results/reliability.md.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Aura.TestHarness.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'Reliability/Reliability.Helpers.psm1') -Force
    Import-Module (Get-AuraTestModulePath) -Force
    # The emulator's own limiter stays on (125 a minute) so that any request beyond it would show as a 429.
    $script:emu = Start-AuraTestEmulator -TransitionSeconds 1 -SnapshotSeconds 1
    $script:secret = ConvertTo-SecureString $emu.ClientSecret -AsPlainText -Force
    Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri
    $script:running = 'a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6', 'd4e5f6a7'

    function Add-Fault {
        param([string] $Method, [string] $Path, [int] $Count = 1, [string] $Kind = 'status', [int] $Status = 0,
            [int] $RetryAfter = -1, [int] $DelayMs = 0, [string] $DropStage)
        $body = @{ method = $Method; path = $Path; count = $Count; kind = $Kind }
        if ($Status) { $body.status = $Status }
        if ($RetryAfter -ge 0) { $body.retry_after_seconds = $RetryAfter }
        if ($DelayMs) { $body.delay_ms = $DelayMs }
        if ($DropStage) { $body.drop_stage = $DropStage }
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/faults' -Body $body
    }

    function Get-EmulatorInstance([string] $Id) {
        (Invoke-AuraEmulatorControl $emu -Path '/_emulator/state').instances | Where-Object id -EQ $Id
    }

    function Get-SnapshotCount([string] $InstanceId) {
        @((Invoke-AuraEmulatorControl $emu -Path '/_emulator/state').snapshots | Where-Object instance_id -EQ $InstanceId).Count
    }

    function Get-Outcome($Case) {
        $parts = @("$($Case.Output.Count) out")
        foreach ($e in $Case.Errors) {
            $id = ($e.FullyQualifiedErrorId -split ',')[0]
            $why = switch -Regex ($e.Exception.Message) {
                'may or may not have been carried out' { 'says it may or may not have happened'; break }
                'Gave up after (\d+) attempts' { "gave up after $($Matches[1]) attempts"; break }
                default { $e.Exception.Message.Substring(0, [Math]::Min(60, $e.Exception.Message.Length)) }
            }
            $parts += "$id ($why)"
        }
        $parts -join '; '
    }

    # Finishes a case: reads the log, checks the invariants, writes the row and returns the invariants and log.
    function Complete-Case {
        param([string] $Fault, $Case, [int] $Inputs = 1, [int] $Injected429 = 0, [string] $Outcome)
        $log = (Read-AuraRequestLog $emu)
        $inv = Test-AuraInvariants -Log $log -RateLimit 125 -Injected429 $Injected429 -Inputs $Inputs `
            -Outputs $Case.Output.Count -Errors $Case.Errors.Count
        $retries = "$($Case.Retries)" + $(if ($Case.Renewals) { " + $($Case.Renewals) token renewal" })
        Add-ReliabilityRow -Suite Faults -Fault $Fault -Requests (Get-AuraLogSummary $log) -Retries $retries `
            -Outcome $(if ($Outcome) { $Outcome } else { Get-Outcome $Case }) -Invariants $inv.Text -Held $inv.Held
        [pscustomobject]@{ Log = $log; Invariants = $inv }
    }
}

AfterAll {
    if ($script:emu) { Stop-AuraTestEmulator $script:emu }
    Disconnect-Aura -ErrorAction SilentlyContinue
}

Describe 'Reliability under faults' {
    BeforeEach {
        # Seed state, no faults, empty log, fresh rate counters; the module's token stays valid.
        $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/reset'
    }

    Describe 'Rate limiting: 429 with Retry-After' {
        It 'GET: retried after each 429, honouring Retry-After, then succeeds' {
            Add-Fault -Method GET -Path '/v1/instances/a1b2c3d4' -Count 3 -Status 429 -RetryAfter 1
            $case = Invoke-AuraCase { Get-AuraInstance -InstanceId a1b2c3d4 }
            $r = Complete-Case -Fault '429 storm on GET (3 x 429, Retry-After 1 s)' -Case $case -Injected429 3

            $case.Errors | Should -BeNullOrEmpty
            $case.Output.Id | Should -Be 'a1b2c3d4'
            @($r.Log.status) | Should -Be @(429, 429, 429, 200)
            $case.Retries | Should -Be 3
            # Honoured: each retry waited at least the Retry-After the emulator sent.
            $times = @($r.Log | ForEach-Object { ConvertTo-LogTime $_.time })
            for ($i = 1; $i -lt $times.Count; $i++) { ($times[$i] - $times[$i - 1]).TotalMilliseconds | Should -BeGreaterOrEqual 950 }
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }

        It 'POST: resent after a 429 (refused before acting), creating exactly one snapshot' {
            $before = Get-SnapshotCount 'b2c3d4e5'
            Add-Fault -Method POST -Path '/v1/instances/b2c3d4e5/snapshots' -Count 2 -Status 429 -RetryAfter 1
            $case = Invoke-AuraCase { New-AuraSnapshot -InstanceId b2c3d4e5 }
            $r = Complete-Case -Fault '429 storm on POST snapshot (2 x 429, Retry-After 1 s)' -Case $case -Injected429 2

            $case.Errors | Should -BeNullOrEmpty
            $case.Output.InstanceId | Should -Be 'b2c3d4e5'
            @($r.Log | Where-Object method -EQ 'POST' | ForEach-Object status) | Should -Be @(429, 429, 202)
            # Then one read of the new snapshot (New-AuraSnapshot returns it as Aura lists it).
            @($r.Log | Where-Object method -EQ 'GET' | ForEach-Object status) | Should -Be @(200)
            $case.Retries | Should -Be 2
            (Get-SnapshotCount 'b2c3d4e5') | Should -Be ($before + 1)
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }
    }

    Describe 'Server errors: 500 and 503' {
        It 'GET: a burst of 503 and 500 is retried with backoff, then succeeds' {
            Add-Fault -Method GET -Path '/v1/instances/c3d4e5f6' -Count 1 -Status 503
            Add-Fault -Method GET -Path '/v1/instances/c3d4e5f6' -Count 1 -Status 500
            $case = Invoke-AuraCase { Get-AuraInstance -InstanceId c3d4e5f6 }
            $r = Complete-Case -Fault 'GET: 503 then 500, then healthy' -Case $case

            $case.Errors | Should -BeNullOrEmpty
            $case.Output.Id | Should -Be 'c3d4e5f6'
            @($r.Log.status) | Should -Be @(503, 500, 200)
            $case.Retries | Should -Be 2
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }

        It 'GET: a burst longer than the retries is reported as AuraServerError after 1 + MaxRetries attempts' {
            # Retry-After 0 keeps the case fast; more faults are registered than the module may use.
            Add-Fault -Method GET -Path '/v1/instances/a1b2c3d4' -Count 20 -Status 503 -RetryAfter 0
            $case = Invoke-AuraCase { Get-AuraInstance -InstanceId a1b2c3d4 }
            $null = Invoke-AuraEmulatorControl $emu -Method Delete -Path '/_emulator/faults'
            $r = Complete-Case -Fault 'GET: 503 on every attempt (retries exhausted)' -Case $case

            $case.Output | Should -BeNullOrEmpty
            $case.Errors.Count | Should -Be 1
            $err = $case.Errors[0]
            $err.FullyQualifiedErrorId | Should -BeLike 'AuraServerError*'
            $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $err.TargetObject | Should -Be 'a1b2c3d4'
            # The module says how many attempts it allows ("attempt 2 of N"); the log must hold exactly N requests.
            $allowed = @($case.Verbose | ForEach-Object { if ($_ -match 'attempt \d+ of (\d+)') { [int]$Matches[1] } } | Select-Object -Unique)
            $allowed.Count | Should -Be 1
            $attempts = $allowed[0]
            $attempts | Should -BeGreaterThan 1
            $r.Log.Count | Should -Be $attempts
            @($r.Log | Where-Object status -EQ 503).Count | Should -Be $attempts
            $case.Retries | Should -Be ($attempts - 1)
            $err.Exception.Message | Should -Match "Gave up after $attempts attempts"
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }

        It '<Method>: a 5xx is reported, never resent, and says the operation may or may not have happened' -ForEach @(
            @{ Method = 'POST'; Status = 503; Path = '/v1/instances/a1b2c3d4/snapshots'; Call = { New-AuraSnapshot -InstanceId a1b2c3d4 } }
            @{ Method = 'PATCH'; Status = 500; Path = '/v1/instances/b2c3d4e5'; Call = { Set-AuraInstance -InstanceId b2c3d4e5 -Name 'renamed-by-test' -Confirm:$false } }
            @{ Method = 'DELETE'; Status = 503; Path = '/v1/instances/d4e5f6a7'; Call = { Remove-AuraInstance -InstanceId d4e5f6a7 -Force } }
        ) {
            Add-Fault -Method $Method -Path $Path -Count 5 -Status $Status -RetryAfter 0
            $case = Invoke-AuraCase $Call
            $null = Invoke-AuraEmulatorControl $emu -Method Delete -Path '/_emulator/faults'
            $r = Complete-Case -Fault "$Method`: $Status (not idempotent)" -Case $case

            $case.Output | Should -BeNullOrEmpty
            $case.Errors.Count | Should -Be 1
            $case.Errors[0].FullyQualifiedErrorId | Should -BeLike 'AuraServerError*'
            $case.Errors[0].Exception.Message | Should -Match 'may or may not have been carried out'
            @($r.Log | Where-Object method -EQ $Method).Count | Should -Be 1
            $case.Retries | Should -Be 0
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }
    }

    Describe 'Dropped connections' {
        It 'GET: dropped <Stage> is retried and succeeds' -ForEach @(
            @{ Stage = 'before-response' }
            @{ Stage = 'mid-body' }
        ) {
            Add-Fault -Method GET -Path '/v1/instances/a1b2c3d4' -Count 2 -Kind drop -DropStage $Stage
            $case = Invoke-AuraCase { Get-AuraInstance -InstanceId a1b2c3d4 }
            $r = Complete-Case -Fault "GET: connection dropped $Stage (twice)" -Case $case

            $case.Errors | Should -BeNullOrEmpty
            $case.Output.Id | Should -Be 'a1b2c3d4'
            $case.Output.Name | Should -Be 'prod-orders'
            @($r.Log.status) | Should -Be @(0, 0, 200)
            $case.Retries | Should -Be 2
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }

        It '<Method> <What>: dropped <Stage> -> exactly one request and an error saying it may or may not have happened' -ForEach @(
            @{ Method = 'POST'; What = 'pause'; Stage = 'before-response'; Path = '/v1/instances/a1b2c3d4/pause'; Id = 'a1b2c3d4'; Happened = $false
                Call = { Suspend-AuraInstance -InstanceId a1b2c3d4 -Confirm:$false } }
            @{ Method = 'POST'; What = 'pause'; Stage = 'mid-body'; Path = '/v1/instances/b2c3d4e5/pause'; Id = 'b2c3d4e5'; Happened = $true
                Call = { Suspend-AuraInstance -InstanceId b2c3d4e5 -Confirm:$false } }
            @{ Method = 'PATCH'; What = 'rename'; Stage = 'before-response'; Path = '/v1/instances/c3d4e5f6'; Id = 'c3d4e5f6'; Happened = $false
                Call = { Set-AuraInstance -InstanceId c3d4e5f6 -Name 'renamed-by-drop' -Confirm:$false } }
            @{ Method = 'PATCH'; What = 'rename'; Stage = 'mid-body'; Path = '/v1/instances/c3d4e5f6'; Id = 'c3d4e5f6'; Happened = $true
                Call = { Set-AuraInstance -InstanceId c3d4e5f6 -Name 'renamed-by-drop' -Confirm:$false } }
            @{ Method = 'DELETE'; What = 'delete'; Stage = 'before-response'; Path = '/v1/instances/d4e5f6a7'; Id = 'd4e5f6a7'; Happened = $false
                Call = { Remove-AuraInstance -InstanceId d4e5f6a7 -Force } }
            @{ Method = 'DELETE'; What = 'delete'; Stage = 'mid-body'; Path = '/v1/instances/d4e5f6a7'; Id = 'd4e5f6a7'; Happened = $true
                Call = { Remove-AuraInstance -InstanceId d4e5f6a7 -Force } }
        ) {
            $before = Get-EmulatorInstance $Id
            Add-Fault -Method $Method -Path $Path -Count 3 -Kind drop -DropStage $Stage
            $case = Invoke-AuraCase $Call
            $null = Invoke-AuraEmulatorControl $emu -Method Delete -Path '/_emulator/faults'
            $r = Complete-Case -Fault "$Method $What`: connection dropped $Stage" -Case $case

            $case.Output | Should -BeNullOrEmpty
            $case.Errors.Count | Should -Be 1
            $case.Errors[0].FullyQualifiedErrorId | Should -BeLike 'AuraConnectionLost*'
            $case.Errors[0].Exception.Message | Should -Match 'may or may not have been carried out'
            $case.Errors[0].TargetObject | Should -Be $Id
            @($r.Log | Where-Object method -EQ $Method).Count | Should -Be 1
            @($r.Log | Where-Object method -EQ $Method)[0].status | Should -Be 0
            # The emulator's mid-body drop carries the operation out; before-response does not: the state tells.
            $after = Get-EmulatorInstance $Id
            $changed = ($null -eq $after) -or ($after.status -ne $before.status) -or ($after.name -ne $before.name)
            $changed | Should -Be $Happened
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }
    }

    Describe 'Slow answers beyond the request timeout' {
        BeforeAll {
            # A second connection with a 1 s request timeout (the default is 100 s), passed with -Connection; connecting
            # again with the default makes the first one current again (the token is shared: no new token request).
            $script:quick = Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri -RequestTimeoutSec 1 -PassThru
            Connect-Aura -ClientId $emu.ClientId -ClientSecret $secret -BaseUri $emu.BaseUri
        }

        It 'GET: an answer slower than the timeout is abandoned and retried' {
            Add-Fault -Method GET -Path '/v1/instances/a1b2c3d4' -Count 1 -Kind slow -DelayMs 4000
            $case = Invoke-AuraCase { Get-AuraInstance -InstanceId a1b2c3d4 -Connection $quick }
            $r = Complete-Case -Fault 'GET: answer 4 s late, timeout 1 s' -Case $case

            $case.Errors | Should -BeNullOrEmpty
            $case.Output.Id | Should -Be 'a1b2c3d4'
            $case.Retries | Should -Be 1
            @($r.Log | Where-Object method -EQ GET).Count | Should -Be 2
            @($r.Log | Where-Object status -EQ 200).Count | Should -Be 1
            $case.Verbose -join "`n" | Should -Match 'no answer within 1 s'
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }

        It 'POST: an answer slower than the timeout is reported, not resent' {
            Add-Fault -Method POST -Path '/v1/instances/a1b2c3d4/snapshots' -Count 3 -Kind slow -DelayMs 4000
            $case = Invoke-AuraCase { New-AuraSnapshot -InstanceId a1b2c3d4 -Connection $quick }
            # The emulator logs the abandoned request once it notices the closed connection.
            $deadline = [DateTime]::UtcNow.AddSeconds(10)
            while (-not @((Read-AuraRequestLog $emu) | Where-Object method -EQ POST).Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $null = Invoke-AuraEmulatorControl $emu -Method Delete -Path '/_emulator/faults'
            $r = Complete-Case -Fault 'POST snapshot: answer 4 s late, timeout 1 s' -Case $case

            $case.Output | Should -BeNullOrEmpty
            $case.Errors.Count | Should -Be 1
            $case.Errors[0].FullyQualifiedErrorId | Should -BeLike 'AuraRequestTimeout*'
            $case.Errors[0].Exception.Message | Should -Match 'may or may not have been carried out'
            $case.Errors[0].ErrorDetails.RecommendedAction | Should -Match 'Connect-Aura -RequestTimeoutSec'
            @($r.Log | Where-Object method -EQ POST).Count | Should -Be 1
            $case.Retries | Should -Be 0
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }
    }

    Describe 'Nothing lost' {
        It 'the token expiring in the middle of a 12-item pipeline costs one renewal and no item' {
            $ids = 'a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6', 'd4e5f6a7', 'e5f6a7b8'
            $case = Invoke-AuraCase {
                1..12 | ForEach-Object {
                    if ($_ -eq 7) { $null = Invoke-AuraEmulatorControl $emu -Method Post -Path '/_emulator/tokens/expire' }
                    [pscustomobject]@{ InstanceId = $ids[$_ % 5] }
                } | Get-AuraInstance
            }
            $r = Complete-Case -Fault 'token expires after item 6 of a 12-item pipeline' -Case $case -Inputs 12

            $case.Errors | Should -BeNullOrEmpty
            $case.Output.Count | Should -Be 12
            @($case.Output.Id) | Should -Be @(1..12 | ForEach-Object { $ids[$_ % 5] })
            @(Get-TokenEntries $r.Log).Count | Should -Be 1
            @($r.Log | Where-Object status -EQ 403).Count | Should -Be 1
            $case.Renewals | Should -Be 1
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }

        It 'a pipeline with faults mixed in yields one output or one error per item' {
            # 5 snapshots requested: one answered 503, one dropped, one refused (paused instance), two succeed.
            Add-Fault -Method POST -Path '/v1/instances/b2c3d4e5/snapshots' -Count 1 -Status 503
            Add-Fault -Method POST -Path '/v1/instances/c3d4e5f6/snapshots' -Count 1 -Kind drop -DropStage before-response
            $case = Invoke-AuraCase {
                'a1b2c3d4', 'b2c3d4e5', 'c3d4e5f6', 'd4e5f6a7', 'e5f6a7b8' | ForEach-Object { [pscustomobject]@{ InstanceId = $_ } } |
                    New-AuraSnapshot
            }
            $r = Complete-Case -Fault '5 snapshot requests: one 503, one dropped, one refused (400)' -Case $case -Inputs 5

            $case.Output.Count | Should -Be 2
            @($case.Output.InstanceId) | Should -Be @('a1b2c3d4', 'd4e5f6a7')
            $case.Errors.Count | Should -Be 3
            @($case.Errors.TargetObject | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.InstanceId } } | Sort-Object) |
                Should -Be @('b2c3d4e5', 'c3d4e5f6', 'e5f6a7b8')
            @($r.Log | Where-Object method -EQ POST).Count | Should -Be 5
            $r.Invariants.Accounted | Should -BeTrue
            $r.Invariants.Held | Should -BeTrue -Because $r.Invariants.Text
        }
    }
}
